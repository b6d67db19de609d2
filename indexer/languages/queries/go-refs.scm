; archmem references for go: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(type_identifier) @ref
(parameter_declaration name: (identifier) @skip)
