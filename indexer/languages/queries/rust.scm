; archmem definitions for Rust (captures as in python.scm).
(struct_item name: (type_identifier) @name body: (_)? @body) @def.struct
(enum_item name: (type_identifier) @name body: (enum_variant_list) @body) @def.enum
(enum_variant_list (enum_variant name: (identifier) @name) @def.constant)
(union_item name: (type_identifier) @name body: (_) @body) @def.struct
(trait_item name: (type_identifier) @name body: (declaration_list) @body) @def.interface
; An impl is named by its type's name alone (Router, not Router<'a> or crate::Router), so that its methods are
; Router.new like the struct's fields; other types (&T, [T], (A, B), dyn T) keep their text.
(impl_item type: [(type_identifier) @name
                  (generic_type type: (type_identifier) @name)
                  (scoped_type_identifier name: (type_identifier) @name)
                  (generic_type type: (scoped_type_identifier name: (type_identifier) @name))] body: (declaration_list) @body) @def.impl
;; An impl for a reference to a named type (`impl<'a, W, F> Serializer for &'a mut Serializer<W, F>`) is named
;; as the type: its methods are called on the type's values, and `self.writer` are the type's fields.
(impl_item type: (reference_type type: [(type_identifier) @name
                  (generic_type type: (type_identifier) @name)
                  (scoped_type_identifier name: (type_identifier) @name)
                  (generic_type type: (scoped_type_identifier name: (type_identifier) @name))]) body: (declaration_list) @body) @def.impl
(impl_item type: (reference_type type: [(reference_type) (primitive_type) (tuple_type) (array_type) (pointer_type) (dynamic_type) (function_type) (abstract_type)]) @name body: (declaration_list) @body) @def.impl
(impl_item type: [(primitive_type) (tuple_type) (array_type) (pointer_type) (dynamic_type) (function_type) (abstract_type)] @name body: (declaration_list) @body) @def.impl
(mod_item name: (identifier) @name body: (declaration_list) @body) @def.module
(function_item name: (identifier) @name body: (block) @body) @def.function
(function_signature_item name: (identifier) @name) @def.function
(type_item name: (type_identifier) @name) @def.type
(associated_type name: (type_identifier) @name) @def.type
(const_item name: (identifier) @name) @def.constant
(static_item name: (identifier) @name) @def.variable
(macro_definition name: (identifier) @name) @def.function
(field_declaration_list (field_declaration name: (field_identifier) @name) @def.field)
;; Items an item-level macro invocation declares where its tokens say so: `ast_struct! { pub struct ExprLet
;; #full { pub attrs: Vec<Attribute>, .. } }` defines ExprLet and its fields; in an impl or trait body every
;; name a macro is handed is taken for a member it generates (`define_bool!(0, is_utf8, set_utf8);`).
(source_file (macro_invocation (token_tree ["struct" "union"] . (identifier) @name)) @def.struct)
(declaration_list (macro_invocation (token_tree ["struct" "union"] . (identifier) @name)) @def.struct)
(source_file (macro_invocation (token_tree "enum" . (identifier) @name)) @def.enum)
(declaration_list (macro_invocation (token_tree "enum" . (identifier) @name)) @def.enum)
(source_file (macro_invocation (token_tree "trait" . (identifier) @name)) @def.interface)
(declaration_list (macro_invocation (token_tree "trait" . (identifier) @name)) @def.interface)
(source_file (macro_invocation (token_tree "fn" . (identifier) @name)) @def.function)
(declaration_list (macro_invocation (token_tree "fn" . (identifier) @name)) @def.function)
(source_file (macro_invocation (token_tree ["struct" "union"] (token_tree (identifier) @name @def.field . ":"))))
(declaration_list (macro_invocation (token_tree ["struct" "union"] (token_tree (identifier) @name @def.field . ":"))))
(impl_item body: (declaration_list (macro_invocation (token_tree (identifier) @name)) @def.function))
(trait_item body: (declaration_list (macro_invocation (token_tree (identifier) @name)) @def.function))
(use_declaration) @import
; `mod net;` brings in the file net.rs (or net/mod.rs) as `use self::net` would.
(mod_item !body) @import
