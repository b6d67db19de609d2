; archmem references for java: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(type_identifier) @ref
(formal_parameter name: (identifier) @skip)
(import_declaration (_) @skip)
(package_declaration (_) @skip)
