; archmem definitions for TypeScript and TSX (captures as in python.scm).
(class_declaration name: (type_identifier) @name body: (class_body) @body) @def.class
(abstract_class_declaration name: (type_identifier) @name body: (class_body) @body) @def.class
(interface_declaration name: (type_identifier) @name body: (interface_body) @body) @def.interface
(enum_declaration name: (identifier) @name body: (enum_body) @body) @def.enum
(type_alias_declaration name: (type_identifier) @name) @def.type
(internal_module name: (_) @name body: (statement_block) @body) @def.module
; A module augmentation (`declare module "./Effect.js" { interface Effect<A> extends Channel<A> {} }`) declares
; more of another module: a namespace named by the path it augments, holding what it adds (ts_augment.py).
; A bare `declare module "express"` declares a dependency's module, which the memory never reads: not captured.
(ambient_declaration (module name: (string (string_fragment) @name (#match? @name "^[.][.]?/")) body: (statement_block) @body)) @def.module
(function_declaration name: (identifier) @name body: (statement_block) @body) @def.function
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @def.function
(function_signature name: (identifier) @name) @def.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name body: (statement_block) @body) @def.method
(method_signature name: (property_identifier) @name) @def.method
(abstract_method_signature name: (property_identifier) @name) @def.method
; A class property holding a function (`toggle = () => {...}`) is a method: its body is elided in skeletons.
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @def.method
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name) @def.field
(property_signature name: (property_identifier) @name) @def.field
; A constructor's parameter property (`constructor(private readonly x: T)`) declares a field of the class.
(method_definition name: (property_identifier) @_ctor (#eq? @_ctor "constructor")
  parameters: (formal_parameters
    [(required_parameter [(accessibility_modifier) "readonly"] pattern: (identifier) @name)
     (optional_parameter [(accessibility_modifier) "readonly"] pattern: (identifier) @name)] @def.field @this_member))
; A constant typed with its overloads (effect's `export const dual: { <A>(...): A ... } = function (...) {}`) is a
; variable: as a function its header would be every overload, often a hundred lines.
(lexical_declaration (variable_declarator name: (identifier) @name type: (type_annotation (object_type))
  value: [(arrow_function) (function_expression)]) @def.variable)
(lexical_declaration (variable_declarator name: (identifier) @name value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @def.function
(variable_declaration (variable_declarator name: (identifier) @name value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @def.function
([(program (lexical_declaration (variable_declarator name: (identifier) @name) @def.variable))
  (program (variable_declaration (variable_declarator name: (identifier) @name) @def.variable))
  (export_statement (lexical_declaration (variable_declarator name: (identifier) @name) @def.variable))])
(expression_statement
  (assignment_expression left: (member_expression object: (this) @receiver property: (property_identifier) @name))) @def.field
(import_statement) @import
(lexical_declaration (variable_declarator value: (call_expression function: (identifier) @_req (#eq? @_req "require")))) @import
