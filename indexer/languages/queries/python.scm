; archmem definitions for Python. Captures: @def.<kind> on the definition, @name on its name,
; @body on the part a skeleton elides. Variables: module level (also inside top-level if/try/with/for) and
; class level only; symbols.py drops any other.
(class_definition name: (identifier) @name body: (block) @body) @def.class
(function_definition name: (identifier) @name body: (block) @body) @def.function
(module (expression_statement (assignment left: (identifier) @name) @def.variable))
(module (expression_statement (assignment left: [(pattern_list (identifier) @name) (tuple_pattern (identifier) @name)]) @def.variable))
(class_definition body: (block (expression_statement (assignment left: (identifier) @name) @def.variable)))
(module (_ [(block (expression_statement (assignment left: (identifier) @name) @def.variable))
            (_ (block (expression_statement (assignment left: (identifier) @name) @def.variable)))]))
(expression_statement
  (assignment left: (attribute object: (identifier) @receiver attribute: (identifier) @name)) @def.field)
(expression_statement
  (assignment left: [(pattern_list (attribute object: (identifier) @receiver attribute: (identifier) @name))
                     (tuple_pattern (attribute object: (identifier) @receiver attribute: (identifier) @name))]) @def.field)
; Only the left side names the alias (`type Pair[T] = tuple[T, T]`); the right side is references.
(type_alias_statement left: (type [(identifier) @name (generic_type (identifier) @name)])) @def.type
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import
