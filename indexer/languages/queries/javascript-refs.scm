; archmem references for javascript: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(shorthand_property_identifier) @ref
(formal_parameters (identifier) @skip)
(import_statement (_ (_ (identifier) @skip)))
