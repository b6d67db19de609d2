; archmem definitions for C (captures as in python.scm).
(function_definition declarator: (function_declarator declarator: (identifier) @name) body: (compound_statement) @body) @def.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)) body: (compound_statement) @body) @def.function
(function_definition declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))) body: (compound_statement) @body) @def.function
(struct_specifier name: (type_identifier) @name body: (field_declaration_list) @body) @def.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list) @body) @def.struct
(enum_specifier name: (type_identifier) @name body: (enumerator_list) @body) @def.enum
(enumerator_list (enumerator name: (identifier) @name) @def.constant)
(type_definition declarator: (type_identifier) @name) @def.type
(preproc_def name: (identifier) @name) @def.constant
(preproc_function_def name: (identifier) @name) @def.function
; Prototypes and globals: at file level, and inside #if/#ifdef blocks, since an include guard wraps a whole
; header. Only there (not in function bodies), so that locals are never matched at all.
(translation_unit (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(preproc_ifdef (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(preproc_if (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(preproc_elif (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(preproc_else (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
; A header whose `extern "C" {` opens inside `#ifdef __cplusplus` (sqlite3.h, with `SQLITE_API` before every
; prototype) leaves its prototypes in that block, or, where the grammar cannot read it whole, in an error
; node: they are still its declarations.
(ERROR (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(declaration_list (declaration declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))])]) @def.function)
(translation_unit (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
(preproc_ifdef (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
(preproc_if (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
(preproc_elif (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
(preproc_else (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
; A definition the error node broke up leaves its declarator there (`static void likeFunc(...) {`).
(ERROR [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))] @def.function)
; A prototype of one unnamed parameter after a macro and a type, there or in the block, reads as a macro type
; (`SQLITE_API sqlite3_int64 sqlite3_value_int64(sqlite3_value*);`).
(ERROR (macro_type_specifier name: (identifier) @name) @def.function)
(declaration_list (macro_type_specifier name: (identifier) @name) @def.function)
; The same at file level, where the grammar's recovery left it outside any error node (`PCRE2_EXP_DEFN
; pcre2_code * PCRE2_CALL_CONVENTION` then `pcre2_code_copy(const pcre2_code *code)`).
(translation_unit (macro_type_specifier name: (identifier) @name) @def.function)
; Variables there only when `static` or `extern` (or after a macro, `SQLITE_PRIVATE const`): a function
; body the grammar broke into the error
; node leaves its locals there too.
(ERROR (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable (#match? @def.variable "^((static|extern)[ \t]|[A-Z][A-Z0-9_]*[ \t]+(static|extern|const)[ \t])"))
(declaration_list (declaration declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)]) (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: [(identifier) @name (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])]) (array_declarator declarator: [(identifier) @name (array_declarator declarator: (identifier) @name)])])]) @def.variable)
(type_definition declarator: (pointer_declarator declarator: (type_identifier) @name)) @def.type
(type_definition declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))) @def.type
; `typedef T *(*fn)(...)` (a function pointer returning a pointer) and `typedef char name[N]`.
(type_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))) @def.type
(type_definition declarator: (array_declarator declarator: (type_identifier) @name)) @def.type
; A field is a field inside #if/#ifdef blocks of its struct too (no field_declaration_list parent); function
; pointers (`void (*free_data)(T *)`, `char *(*name)(void)`) and arrays of pointers are fields.
(field_declaration declarator: [(field_identifier) @name (pointer_declarator declarator: (field_identifier) @name) (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name)) (array_declarator declarator: (field_identifier) @name) (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name)) (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))) (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))))]) @def.field
(preproc_include) @import
