; archmem definitions for C++ (captures as in python.scm).
(namespace_definition name: (_) @name body: (declaration_list) @body) @def.module
(class_specifier name: (_) @name body: (field_declaration_list) @body) @def.class
(struct_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct
(union_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct
(enum_specifier name: (_) @name body: (enumerator_list) @body) @def.enum
(function_definition declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)] @name) body: (_) @body) @def.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name)) body: (_) @body) @def.function
(function_definition declarator: (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name)) body: (_) @body) @def.function
(field_declaration declarator: (function_declarator declarator: [(field_identifier) (identifier) (destructor_name) (operator_name)] @name)) @def.method
(field_declaration_list (field_declaration declarator: (field_identifier) @name) @def.field)
(type_definition declarator: (type_identifier) @name) @def.type
(alias_declaration name: (type_identifier) @name) @def.type
(preproc_def name: (identifier) @name) @def.constant
(preproc_function_def name: (identifier) @name) @def.function
(translation_unit (declaration declarator: (init_declarator declarator: (identifier) @name)) @def.variable)
(preproc_include) @import
