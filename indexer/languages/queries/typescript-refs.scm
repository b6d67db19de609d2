; archmem references for typescript: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(type_identifier) @ref
(shorthand_property_identifier) @ref
(required_parameter pattern: (identifier) @skip)
(optional_parameter pattern: (identifier) @skip)
(import_statement (_ (_ (identifier) @skip)))
