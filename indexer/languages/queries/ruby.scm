; archmem definitions for Ruby (captures as in python.scm). A method is a function the extractor makes a
; method inside a class or module; `def self.x` too. Constants at file, class or module level.
(class name: [(constant) (scope_resolution)] @name body: (body_statement) @body) @def.class
(class name: [(constant) (scope_resolution)] @name !body) @def.class
(module name: [(constant) (scope_resolution)] @name body: (body_statement) @body) @def.module
(module name: [(constant) (scope_resolution)] @name !body) @def.module
(method name: (_) @name body: (body_statement) @body) @def.function
(method name: (_) @name !body) @def.function
(singleton_method name: (_) @name body: (body_statement) @body) @def.function
(singleton_method name: (_) @name !body) @def.function
(program (assignment left: (constant) @name) @def.constant)
(class body: (body_statement (assignment left: (constant) @name) @def.constant))
(module body: (body_statement (assignment left: (constant) @name) @def.constant))
