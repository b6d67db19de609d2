"""The weights of generate mode's prediction (`predict.py`): how much each sign that a name will
be needed by a body still to be written counts. Scores only rank names against each other; the scale is
the sibling weight's. They were tuned on bench/context_recall.py: changing one changes what is packed."""

# A reference made by a sibling within NEAR_SIBLINGS positions of the body being written (methods are
# grouped by purpose: neighbours say most about a new body), and by any other sibling.
NEAR_SIBLINGS = 3
NEAR_SIBLING = 12
FAR_SIBLING = 2
# A name used by one of the SIMILAR_SIBLINGS functions of the file whose headers are likest the body's
# (`similar.py`): the likest counts SIMILAR_SIBLING per name it uses, the others by their likeness; what
# they add to one name is capped at SIMILAR_CAP (a name all of them use is all but certain, but no more
# than a near neighbour's repeated use).
SIMILAR_SIBLINGS = 6
SIMILAR_SIBLING = 10
SIMILAR_CAP = 36
# A member of a package or namespace the body's header takes a type from (`x constant.Value`), among the
# HEADER_PACKAGE_MEMBERS the file uses most: a body of that type calls its package's functions.
HEADER_PACKAGE = 14
HEADER_PACKAGE_MEMBERS = 24
# Less for the HEADER_PACKAGE_POPULAR_MEMBERS of that package the most files of the workspace mention.
HEADER_PACKAGE_POPULAR = 10
HEADER_PACKAGE_POPULAR_MEMBERS = 12
# A reference made anywhere in the file (not through `self.`): the file's habits.
IN_FILE = 1
# What the far siblings and the whole file add to a name is capped: in a file of thousands of functions (the
# SQLite amalgamation) the names all of them use would otherwise outrank every sign near the body.
FAR_SIBLINGS_CAP = 24
IN_FILE_CAP = 24
# A name mentioned in the target's docstring or comments (the window's text).
MENTIONED = 6
# A member of the enclosing class (or of its in-file bases): a field, which costs a line to show, and any
# other member.
CLASS_FIELD = 10
CLASS_MEMBER = 4
# Per word (at most SHARED_WORDS) a name the file or the class binds shares with the code being written
# (`get_atom` -> `Atom`, `save_long` -> `LONG`, `encode_long`).
SHARED_WORD = 6
SHARED_WORDS = 2
# A name the file binds but nothing uses yet (an unused import, a private helper nobody calls): code is
# rarely written long before its first use.
WAITING = 16
# More when it is defined within BESIDE siblings of the body: a helper right beside it and never called.
WAITING_NEAR = 36
BESIDE = 6
# A file with more top-level definitions of its own (unexported) that nothing uses is a file of helpers or a
# script: their waiting says nothing of the body (`waiting_names._waiting_unexported`).
WAITING_UNEXPORTED = 6
# An enclosing class with at most this many members is about one thing: its member names describe a new
# method.
SMALL_CLASS = 16
# Ranking stops once the headers taken (each costing its lines plus HEADER_OVERHEAD tokens) would fill
# the budget BUDGET_SPAN times over: the rest cannot fit.
HEADER_OVERHEAD = 4
BUDGET_SPAN = 2
# A member of a class, struct or interface that a parameter of the body or a type in the headers around it
# names (`signature.py`): a little, like a member of the enclosing class; much more when a neighbouring
# function reaches for a member of that name (`these.tail`), close to a neighbour's use of a name.
SIGNATURE_MEMBER = 3
# A method of a type of at most SMALL_FACE members a header names (`schedule: Schedule.Schedule`, whose members are
# `initial` and `step`): a body handed it calls it (`LanguageSpec.small_face_methods`). TypeScript's tuned part: +1 at
# 12 (layer.ts's `retryUpdate` shown `step`), the same at 24.
SMALL_FACE = 3
SMALL_FACE_METHOD = 12
MEMBER_REACHED_NEAR = 10
# A field of a struct the body's header names but takes no parameter of (the type it returns): a body that
# returns one most often builds it field by field (a struct literal), close to a neighbour's use of a name.
MADE_FIELD = 12
# The share of the budget kept from predicted members' headers for the compact list naming the class's
# members left without one (`# Decimal also has: adjusted, as_tuple`), and what one name costs there, about.
MEMBER_LIST_SHARE = 0.06
MEMBER_NAME_COST = 3
# A field of the struct a function's header says it builds and returns (`-> Result<Self>`): its body sets
# every one (`signature.py`); less for a variant of a small enum (at most SMALL_ENUM) such a field holds.
BUILT_FIELD = 12
# ... where the language's struct literal must set every field (`LanguageSpec.literals_set_every_field`, Rust's:
# `PatType { attrs, pat, colon_token, ty }`), each is certain to be named: above the usage counts of a file of
# few siblings (tuned on the Rust dev set: 48 and 120 find the same).
BUILT_FIELD_SET = 48
BUILT_VARIANT = 8
SMALL_ENUM = 8
# A declaration of the body's own name in its class's bases or around its class, where the language's
# methods delegate to those (`signature.py`).
NAMESAKE = 12
# What the doc comment of such a declaration says it throws (`@throws NoSuchElementException`): its
# contract, which the body keeps, so more than a neighbour's one use.
DOCUMENTED_THROW = 24
# What the body's own name, header and doc comment name (`named.py`): a variant of an enum the code around
# the body uses whose every word they say ranks like a name beside the body nothing uses; the methods of a
# small type of the file they name; the variants of a small enum a helper named after the body takes.
NAMED_VARIANT = 36
NAMED_TYPE_MEMBER = 24
DELEGATE_VARIANT = 24
# ... and those a private helper nothing calls yet takes (`waiting.py`): the body is its first caller.
CALLEE_VARIANT = 24
# The private method itself (`peek_space`, which only `parse_set_class_range` calls): rustc would warn of it
# unless the body calls it, so as likely as a field the body's struct literal must set (BUILT_FIELD_SET).
UNCALLED_METHOD = 48
# ... where the type has at most this many (as WAITING_UNEXPORTED): more say nothing of the body.
UNCALLED_METHODS = 6
# A method of a field's declared type in a small enclosing class (`held.py`), among the FIELD_TYPE_METHODS
# its file calls most: the most called scores this, each next one a point less.
FIELD_TYPE_METHOD = 12
FIELD_TYPE_METHODS = 6
# A method of a type of the package that the body's name ends with (`gcControllerCommit` -> `commit` of
# `gcControllerState`): the body is most often its wrapper, so close to a helper beside it nothing calls yet
# (`receivers.py`).
NAMED_METHOD = 36
# A name the one same-named method of another type of the body's package uses (`namesake_methods.py`): as a near
# sibling's use of it.
NAMESAKE_USE = 12
# The fields of a struct the body's name names (`parseUnaryExpr` builds an `ast.UnaryExpr`) score as those of
# the struct its header returns (MADE_FIELD), the first MAX_NAMED_STRUCT_FIELDS of them (`made.py`).
MAX_NAMED_STRUCT_FIELDS = 12
# A field of the receiver's struct whose every word the method's name says (`rand` -> `Rand`): the method is
# its accessor, so as likely as a helper beside it nothing calls yet (`receivers.py`).
NAMED_FIELD = 36
# A member of a module the file imports whole named by the words of the body's name (`OpCodes.OP_EXTEND_SCOPE`
# for `extendScope`, `module_namesakes.py`): what the body forwards to or tags its result with, like a helper
# beside it nothing calls yet. None when more than MODULE_NAMESAKES members match: the words are too common.
# Only in a module at least MODULE_NAMESAKE_FOLLOWERS of the file's definitions use so.
MODULE_NAMESAKE = 36
MODULE_NAMESAKES = 4
MODULE_NAMESAKE_FOLLOWERS = 2
# A struct of at most SMALL_STRUCT_FIELDS fields is built by naming them all (`MapKeySerializer { ser }`): where
# the struct is ranked, its fields rank with it (`small_structs.py`).
SMALL_STRUCT_FIELDS = 2
# A word of the body's header that more than COMMON_WORD_NAMES of the names its file binds carry says nothing of
# which one the body needs (every name of effect's internals says `effect`): no name scores SHARED_WORD for it
# (`common_words.py`).
COMMON_WORD_NAMES = 8

# A member of what a pipe's head call returns, handed to the lambda of its first step (`piped_results.py`:
# `getCurrentMessage(issue).pipe(Effect.flatMap((currentMessage) => {` reading `currentMessage.message`).
PIPED_RESULT_MEMBER = 24

# A line of the header of the callee a function expression is handed to declaring its `this` (`callback_this.py`:
# `custom(resume, function() {` reading `this.effect_instruction_i0` of `body: (this: { effect_instruction_i0: X })`).
CALLBACK_THIS = 48

# A variant of the small enum (at most SMALL_ENUM variants) the body's header says it returns
# (`returned_variants.py`): the body's result is one of them, as likely as a variant of the small enum a helper
# named after the body takes (DELEGATE_VARIANT).
RETURNED_VARIANT = 24

# A field of a variant of a small union the body's header takes, and a predicate of the module of a type it
# takes testing a value of that type (`handed_types.py`): as likely as a variant of the enum the header says
# the body returns.
UNION_VARIANT_FIELD = 24
HANDED_PREDICATE = 24

# The variant of a union a parameter of the body is narrowed to by a discriminant (`op: core.Primitive & { _op:
# OpCodes.OP_WHILE }`), and its fields (`narrowed_variants.py`): the body reads that variant and no other.
NARROWED_VARIANT = 60
# A union a module the file imports whole declares over a type the body's header names, its variants and their
# members (`implementing_unions.py`): the body may cast what it is handed to it.
IMPLEMENTING_UNION = 48

# A member of a package only the body being written imports (`waiting_imports.py`): the body calls one or two of
# them, most likely those most files importing it mention. The first scores as a variant the body's name says,
# each next one WAITING_IMPORT_STEP less, WAITING_IMPORT_MEMBERS of them. Where the language reads a package's
# names wide (`LanguageSpec.waiting_imports_wide`, Go: 6 at 2 less left out `sha512.Sum512` and `strconv.Unquote`
# of the Go dev set, tuned +2), WAITING_IMPORT_WIDE_MEMBERS of them, each WAITING_IMPORT_WIDE_STEP less.
WAITING_IMPORT_MEMBER = 24
WAITING_IMPORT_STEP = 2
WAITING_IMPORT_MEMBERS = 6
WAITING_IMPORT_WIDE_STEP = 1
WAITING_IMPORT_WIDE_MEMBERS = 12

# A field of a struct of at most SMALL_HELD_FIELDS fields, or a variant of a small enum (SMALL_ENUM), that a
# parameter of the body holds, where the language reads parameters whole (`held_whole.py`): the body takes the
# value apart (a generated visitor visits every field), more than any member of a parameter's type
# (SIGNATURE_MEMBER), less than a neighbour's use of the name.
SMALL_HELD_FIELDS = 6
WHOLE_FIELD = 9
WHOLE_VARIANT = 9

# A name a sibling named like the body (one word of its name swapped) uses, with that word swapped too (`eq_u64`
# calls `value.as_u64()`, so `eq_i64` calls `value.as_i64()`; `named.analogous_names`), from the ANALOGIES
# nearest such siblings: as likely as a helper beside the body nothing calls yet.
ANALOGY = 24
ANALOGIES = 2
# More package-private helpers beside the body that nothing calls than this: a file of unused code, whose helpers
# say nothing of the body (`waiting.py`).
UNCALLED_HELPERS = 2
# A field of a small struct (at most SMALL_HELD_FIELDS fields) a field of the struct the body's name says it makes
# holds (`ast.StructType.Fields` holds an `ast.FieldList`): built in the same literal, as the made struct's own
# fields are (`made_fields.py`; at 9, a little below them, no unit of the Go dev set moved).
HELD_MADE_FIELD = 12

# A name of a package the file imports sharing a camel-case part of the body's name (`math.MaxInt64` for
# `Int64`, `package_words.py`), where at most PACKAGE_WORD_NAMES names of that package do: the first, most
# mentioned, as a member of a package only the body imports; each next one PACKAGE_WORD_STEP less.
PACKAGE_WORD = 24
PACKAGE_WORD_STEP = 2
PACKAGE_WORD_NAMES = 8

# A name of the body's result type's package ending in that type's name that no other code of the file names
# (`ast.KeyValueExpr` of `parseElement() ast.Expr`, `result_kin.py`), where at most RESULT_KIN_NAMES do: as a
# member of a package only the body imports.
RESULT_KIN = 24
RESULT_KIN_NAMES = 2
