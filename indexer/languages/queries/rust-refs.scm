; archmem references for rust: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(type_identifier) @ref
(parameter pattern: (identifier) @skip)
(use_declaration (_ (identifier) @skip))
