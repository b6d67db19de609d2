; archmem definitions for Go (captures as in python.scm; @receiver on a method's receiver name).
(function_declaration name: (identifier) @name body: (block) @body) @def.function
(method_declaration receiver: (parameter_list (parameter_declaration name: (identifier)? @receiver)) name: (field_identifier) @name body: (block) @body) @def.method
; Declared without a body: implemented in assembly or by the compiler (`sync/atomic.AddInt32`, `unsafe.Sizeof`).
(function_declaration name: (identifier) @name !body) @def.function
(method_declaration receiver: (parameter_list (parameter_declaration name: (identifier)? @receiver)) name: (field_identifier) @name !body) @def.method
; A lone type spec is defined by its whole declaration (`type` keyword and doc comment included); specs of a
; grouped `type ( ... )` by themselves, or they would all share one extent. The earliest pattern wins a name.
(type_declaration . (type_spec name: (type_identifier) @name type: (struct_type (field_declaration_list) @body)) .) @def.struct
(type_declaration . (type_spec name: (type_identifier) @name type: (interface_type) @body) .) @def.interface
(type_declaration . (type_spec name: (type_identifier) @name type: [(type_identifier) (qualified_type) (pointer_type) (slice_type) (map_type) (function_type) (channel_type) (array_type) (generic_type)]) .) @def.type
(type_declaration . (type_alias name: (type_identifier) @name) .) @def.type
(type_declaration (type_spec name: (type_identifier) @name type: (struct_type (field_declaration_list) @body)) @def.struct)
(type_declaration (type_spec name: (type_identifier) @name type: (interface_type) @body) @def.interface)
(type_declaration (type_spec name: (type_identifier) @name type: [(type_identifier) (qualified_type) (pointer_type) (slice_type) (map_type) (function_type) (channel_type) (array_type) (generic_type)]) @def.type)
(type_declaration (type_alias name: (type_identifier) @name) @def.type)
(field_declaration_list (field_declaration name: (field_identifier) @name) @def.field)
; An embedded field (`routeConf`, `*Base`, `io.Reader`) is named by its type's name, as Go names it.
(field_declaration_list (field_declaration !name type: [(type_identifier) @name (qualified_type name: (type_identifier) @name) (pointer_type [(type_identifier) @name (qualified_type name: (type_identifier) @name)]) (generic_type type: (type_identifier) @name)]) @def.field)
(method_elem name: (field_identifier) @name) @def.method
; An interface embedded in another (`Node` in `type Expr interface { Node; exprNode() }`) lends it its methods, as an
; embedded struct field does: named by its type's name. Not a union or approximation (`~int | float64`).
(interface_type (type_elem . [(type_identifier) @name (qualified_type name: (type_identifier) @name)] .) @def.field)
(source_file (var_declaration (var_spec name: (identifier) @name) @def.variable))
(source_file (var_declaration (var_spec_list (var_spec name: (identifier) @name) @def.variable)))
; `name:` would match only the first name of `const A, B = 1, 2` (a tree-sitter quirk); every direct
; identifier child of a const_spec is a name.
(source_file (const_declaration (const_spec (identifier) @name) @def.constant))
(import_spec) @import
