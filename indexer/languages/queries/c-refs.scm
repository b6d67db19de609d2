; archmem references for c: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(type_identifier) @ref
(parameter_declaration declarator: (identifier) @skip)
(parameter_declaration declarator: (pointer_declarator declarator: (identifier) @skip))
