"""GenerateRules: which of generate mode's ranking rules a language takes, and what they read of it.

Each rule of `indexer/context/` that reads one language's habits (effect's namespace modules, C's amalgamations,
Rust's families of functions) is off here and set by the language module that was measured with it; the rule asks
its flag or pattern and never the language's name. `LanguageSpec` inherits these, so a language module sets them as
it sets any other of its answers. Kept apart from spec.py so that the questions about a language's grammar, scopes
and conventions stay readable there, and each new rule adds its flag here.
"""

from __future__ import annotations

import re
from typing import ClassVar


class GenerateRules:
    """Generate mode's per-language rule flags (defaults: off)."""

    # Generate mode divides the part of a name's score that the file's far code gives it (its habits, the uses
    # by the functions far from the body) by this (`context/file_wide.py`): where a file is a collection of
    # independent definitions, each using its own few helpers, that part says less than a neighbour's use.
    far_uses_divisor: ClassVar[int] = 1
    # Generate mode leaves out of the body's header words those most of the file's names carry
    # (`context/common_words.py`): where a file's names are built from a few words (effect's `effect`, `fiber`).
    common_header_words: ClassVar[bool] = False
    # Generate mode divides the far part of the score of a name that none of this many functions either side of
    # the body uses (`context/sections.py`): where one file may be many programs in a row (C's amalgamations),
    # what a far part of it uses says little of the body's. 0: off.
    section_siblings: ClassVar[int] = 0
    # Generate mode reads a parameter's small type whole (`context/held_whole.py`): every field of a small
    # struct, every variant of a small enum, and the methods of the type's impl blocks, where a function is
    # handed a value to take apart (Rust's `node: &ExprRange`, `fp: &mut ExtendedFloat`).
    parameters_read_whole: ClassVar[bool] = False
    # A struct literal names every field of its struct (Rust's, short of `..base`; not Go's, which may leave
    # some out): generate mode ranks each field of the struct a header says it builds high (`signature.py`).
    literals_set_every_field: ClassVar[bool] = False
    # Generate mode reads the body's name against its siblings' (`context/named.analogous_names`): where a file
    # holds families of functions named by one varying word (Rust's `eq_u64`, `eq_i64`), what a sibling uses with
    # that word swapped is what the body uses.
    names_by_analogy: ClassVar[bool] = False
    # ... and a swapped name reached through a local of the sibling (Go's `value := reflect.New(typ).Elem()` in
    # text/template's `evalString`: `value.SetString` -> `value.SetBool` for `evalBool`) is resolved where the
    # sibling uses it, the local meaning nothing from the body's scope. Off: measured in Go only.
    analogies_where_used: ClassVar[bool] = False
    # A line binding a local of a function (TypeScript's `const results = new Array()`): generate mode offers the
    # locals the functions around a nested body bind before it (`context/closure_locals.py`). None: not read.
    closure_binding: ClassVar[re.Pattern[str] | None] = None
    # Generate mode scores the names the rest of the function around a nested body (a lambda passed within a long
    # function) uses (`context/enclosing_uses.py`). Off: measured in TypeScript only.
    enclosing_uses: ClassVar[bool] = False
    # Generate mode ranks the low-scored members of the modules a file imports by how many of the workspace's files
    # mention them (`context/popular_members.py`). Off: measured in TypeScript only.
    popular_members: ClassVar[bool] = False
    # Whether the types of the modules a file imports whole wait when scored low, in generate mode
    # (`context/idle_types.py`). Off: measured in TypeScript only.
    idle_types: ClassVar[bool] = False
    # Generate mode scores the namesake of a highly ranked module member in the module whose value the body handles
    # (`context/handled_namesakes.py`). Off: measured in TypeScript only.
    handled_namesakes: ClassVar[bool] = False
    # Generate mode scores the file's own top-level definition named as a highly ranked member of a module it imports
    # (`context/own_namesakes.py`). Off: measured in TypeScript only.
    own_namesakes: ClassVar[bool] = False
    # Generate mode scores the three-name paths the body's header names (`Layer.Layer.Context`,
    # `context/header_paths.py`). Off: measured in TypeScript only.
    header_paths: ClassVar[bool] = False
    # Lines opening a lambda as a property of an object (TypeScript's `onFailure: (cause) => {`) or as a call's
    # argument, each with the groups `name` (the property or the callee), `parameter` (the first, if any) and `rest`
    # (after the arrow): generate mode scores what the workspace's other lambdas opened so use
    # (`context/property_lambdas.py`). Empty: not read.
    lambda_openings: ClassVar[tuple[re.Pattern[bytes], ...]] = ()
    # A line opening a generator function handed to a call (`Effect.gen(function*() {`), and, in the lines above it, the
    # call or property the generator's wrapper is handed to (`unwrapScopedWith(`, group `name`; `onRight:`, group
    # `property`): generate mode scores what the workspace's other generators opened under the same wrapper use
    # (`context/wrapped_generators.py`). None: not read.
    generator_opening: ClassVar[re.Pattern[bytes] | None] = None
    generator_wrapper: ClassVar[re.Pattern[bytes] | None] = None
    # Generate mode scores the methods of a field's small type that the class does not call through the field yet
    # (`context/waiting_field_members.py`). Off: measured in TypeScript only.
    waiting_field_members: ClassVar[bool] = False
    # The names of the methods that construct their class, which no value is called by (TypeScript's `constructor`).
    constructor_names: ClassVar[frozenset[str]] = frozenset()
    # A function's declared receiver type in its header (TypeScript's `close(this: ScopeImpl, exit)`, group 1): generate
    # mode offers its members and its fields' types' predicates (`context/declared_this.py`). None: not read.
    this_parameter: ClassVar[re.Pattern[str] | None] = None
    # Generate mode's lambda and generator votes raise the fields of the modules the shared functions' declared return
    # types name (`context/returned_fields.py`, which reads TypeScript's return types). Off: measured in TypeScript.
    returned_fields: ClassVar[bool] = False
    # A parameter narrowed by a discriminant in a function's header (TypeScript's `op: core.Primitive & { _op:
    # OpCodes.OP_WHILE }`), groups `type`, `key`, `value`: generate mode offers the union's variants declaring that value
    # (`context/narrowed_variants.py`). None: not read.
    narrowed_parameter: ClassVar[re.Pattern[str] | None] = None
    # Generate mode offers the unions a module the file imports whole declares over a type the body's header names,
    # whose variants the body casts to (effect's `decision as mergeDecision.Primitive`,
    # `context/implementing_unions.py`). Off: measured in TypeScript only.
    implementing_unions: ClassVar[bool] = False
    # Generate mode reads a lambda's parameters' members by the words of the definition holding it, as a function's by
    # its own name (`fiberRefModify`'s `(state) => {` reading `state.getFiberRef`, `context/signature.py`). Off:
    # measured in TypeScript only.
    lambda_named_by_scope: ClassVar[bool] = False
    # Generate mode ranks the methods of a small type a header names higher (`context/signature.py`: `schedule.step` of
    # `schedule: Schedule`, an interface of two members). Off: measured in TypeScript only.
    small_face_methods: ClassVar[bool] = False
    # How a function's header declares a parameter of a type, `{type}` standing for the type's name and group 1 the
    # parameter's: generate mode offers the fields the file's functions taking one read most
    # (`context/parameter_types.py`). None: not read.
    parameter_declaration: ClassVar[str | None] = None
    # The names that bind nothing a body could read (Go's blank identifier `_`: `var _ io.Reader = x`, `func _()`, a
    # struct's `_ [4]byte` padding): generate mode predicts none of them (`context/blank_names.py`).
    blank_names: ClassVar[frozenset[str]] = frozenset()
    # Generate mode fits the predicted names' declaring lines best score per √tokens first, not best score first
    # (`context/per_token.py`): where a line costs 3 to 28 tokens (Go's aligned const blocks, long method headers).
    fit_per_token: ClassVar[bool] = False
    # Generate mode offers the fields not every variant declares of a union of more variants than a small one, up to
    # this many (`context/guarded_variants.py`: ParseResult.ts's eight-class `ParseIssue` read after
    # `isRefinement(issue)` as `issue.kind`), and the body's file's guards built from a variant's tag. 0: off; measured
    # in TypeScript only.
    guarded_variants: ClassVar[int] = 0
    # A pipe whose head is a call and whose first step is handed a lambda, read in the lines above a lambda's body
    # (TypeScript's `getCurrentMessage(issue).pipe(` then `Effect.flatMap((currentMessage) => {`), group `call`: generate
    # mode offers the members of the head's declared result's first type argument (`context/piped_results.py`).
    # None: not read.
    piped_lambda: ClassVar[re.Pattern[str] | None] = None
    # A line handing a function expression to a call, ending where its body opens (TypeScript's `custom(resume,
    # function() {`), group `call`, and a header line of the callee declaring the `this` of a function it takes
    # (`body: (this: { effect_instruction_i0: X }) => ...`): generate mode offers those lines of the callee's header
    # (`context/callback_this.py`). None: not read.
    function_callback: ClassVar[re.Pattern[str] | None] = None
    callback_this: ClassVar[re.Pattern[str] | None] = None
    # The score of the first member of an imported module named by a part of the body's name
    # (`LanguageSpec.package_word_members`, `context/package_words.py`), each next one's step and how many of a
    # module's names may carry the part, where the sign is weaker than Go's: effect's modules name many a member
    # `...Span` or `...Interrupt`, and a TypeScript body's name is often its face module's namesake (`Effect.provide`
    # for `provide`). None: PACKAGE_WORD, PACKAGE_WORD_STEP and PACKAGE_WORD_NAMES.
    package_word_score: ClassVar[tuple[int, int, int] | None] = None

    # Generate mode reads the functions shaped like the body in the other files of its package, the files of its
    # directory, and offers what they use (`context/elsewhere.py`, C's rule over the whole program): where a package
    # is several files sharing one namespace that imports do not bind (Go). Off: measured in Go only.
    alike_in_package: ClassVar[bool] = False
