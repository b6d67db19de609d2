; archmem references for python: @ref a name used, @skip a name that is not a reference (a parameter, a field name).
(identifier) @ref
(attribute attribute: (identifier) @skip)
(keyword_argument name: (identifier) @skip)
(parameters (identifier) @skip)
(lambda_parameters (identifier) @skip)
(default_parameter name: (identifier) @skip)
(typed_parameter (identifier) @skip)
(typed_default_parameter name: (identifier) @skip)
(list_splat_pattern (identifier) @skip)
(dictionary_splat_pattern (identifier) @skip)
