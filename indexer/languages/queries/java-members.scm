; archmem member references for java: receiver.property pairs, matched as whole patterns.
(field_access object: [(identifier) (this)] @receiver field: (identifier) @property) @member
(method_invocation object: [(identifier) (this)] @receiver name: (identifier) @property) @member
