; archmem member references for rust: receiver.property pairs, matched as whole patterns.
(field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @property) @member
(scoped_identifier path: (identifier) @receiver name: (identifier) @property) @member
