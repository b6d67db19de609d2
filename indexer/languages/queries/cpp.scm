; archmem definitions for C++ (captures as in python.scm).
(namespace_definition name: (_) @name body: (declaration_list) @body) @def.module
(class_specifier name: (_) @name body: (field_declaration_list) @body) @def.class
(struct_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct
(union_specifier name: (_) @name body: (field_declaration_list) @body) @def.struct
(enum_specifier name: (_) @name body: (enumerator_list) @body) @def.enum
(enumerator_list (enumerator name: (identifier) @name) @def.constant)
(function_definition declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)] @name) body: (_) @body) @def.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name)) body: (_) @body) @def.function
(function_definition declarator: (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name)) body: (_) @body) @def.function
(field_declaration declarator: (function_declarator declarator: [(field_identifier) (identifier) (destructor_name) (operator_name)] @name)) @def.method
; Constructors and destructors declared in a class parse as declarations; methods returning pointers or
; references wrap their declarator; member templates wrap the whole declaration.
(field_declaration_list (declaration declarator: (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)) @def.method)
(field_declaration declarator: [(pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name)) (reference_declarator (function_declarator declarator: [(field_identifier) (operator_name)] @name))]) @def.method
(field_declaration_list (template_declaration [(declaration declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name)) (field_declaration declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name))] @def.method))
; A field is a field inside #if/#ifdef blocks of its struct too (no field_declaration_list parent); function
; pointers (`void (*free_data)(T *)`, `char *(*name)(void)`) and arrays of pointers are fields.
(field_declaration declarator: [(field_identifier) @name (pointer_declarator declarator: (field_identifier) @name) (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name)) (array_declarator declarator: (field_identifier) @name) (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name)) (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))) (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))))]) @def.field
(type_definition declarator: (type_identifier) @name) @def.type
(type_definition declarator: (pointer_declarator declarator: (type_identifier) @name)) @def.type
(type_definition declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))) @def.type
; `typedef T *(*fn)(...)` (a function pointer returning a pointer) and `typedef char name[N]`.
(type_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))) @def.type
(type_definition declarator: (array_declarator declarator: (type_identifier) @name)) @def.type
(alias_declaration name: (type_identifier) @name) @def.type
(preproc_def name: (identifier) @name) @def.constant
(preproc_function_def name: (identifier) @name) @def.function
; Prototypes and globals: at file and namespace level (declaration_list: namespace and extern "C" bodies), and
; inside #if/#ifdef blocks, since an include guard wraps a whole header. Never in function bodies.
(translation_unit (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(declaration_list (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(preproc_ifdef (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(preproc_if (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(preproc_elif (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(preproc_else (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) (reference_declarator (function_declarator declarator: (identifier) @name))]) @def.function)
(translation_unit (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(declaration_list (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_ifdef (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_if (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_elif (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_else (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (reference_declarator (identifier) @name) (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_include) @import
