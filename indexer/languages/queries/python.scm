; archmem definitions for Python. Captures: @def.<kind> on the definition, @name on its name,
; @body on the part a skeleton elides. Variables are kept only at module and class level (symbols.py).
(class_definition name: (identifier) @name body: (block) @body) @def.class
(function_definition name: (identifier) @name body: (block) @body) @def.function
(expression_statement (assignment left: (identifier) @name) @def.variable)
(expression_statement (assignment left: (pattern_list (identifier) @name)) @def.variable)
(expression_statement (assignment left: (tuple_pattern (identifier) @name)) @def.variable)
(expression_statement
  (assignment left: (attribute object: (identifier) @receiver attribute: (identifier) @name)) @def.field)
(type_alias_statement (type (identifier) @name)) @def.type
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import
