; archmem definitions for JavaScript (captures as in python.scm).
(class_declaration name: (identifier) @name body: (class_body) @body) @def.class
(class name: (identifier) @name body: (class_body) @body) @def.class
(function_declaration name: (identifier) @name body: (statement_block) @body) @def.function
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @def.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name body: (statement_block) @body) @def.method
; A class property holding a function (`toggle = () => {...}`) is a method: its body is elided in skeletons.
(field_definition property: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @def.method
(field_definition property: [(property_identifier) (private_property_identifier)] @name) @def.field
(lexical_declaration (variable_declarator name: (identifier) @name value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @def.function
(variable_declaration (variable_declarator name: (identifier) @name value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @def.function
([(program (lexical_declaration (variable_declarator name: (identifier) @name) @def.variable))
  (program (variable_declaration (variable_declarator name: (identifier) @name) @def.variable))
  (export_statement (lexical_declaration (variable_declarator name: (identifier) @name) @def.variable))])
(expression_statement
  (assignment_expression left: (member_expression object: (this) @receiver property: (property_identifier) @name))) @def.field
; Functions assigned at the top level to a member: `Foo.prototype.bar = function (...) {...}` is a method of
; `Foo`, `rules.code = (...) => ...` a function `rules.code`, `exports.parse = ...` the module's `parse`.
(program (expression_statement
  (assignment_expression
    left: (member_expression object: [(identifier) (member_expression)] @owner property: (property_identifier) @name)
    right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)])) @def.function)
(import_statement) @import
(lexical_declaration (variable_declarator value: (call_expression function: (identifier) @_req (#eq? @_req "require")))) @import
(variable_declaration (variable_declarator value: (call_expression function: (identifier) @_req (#eq? @_req "require")))) @import
