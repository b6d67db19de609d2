; archmem member references for cpp: receiver.property pairs, matched as whole patterns.
(field_expression argument: [(identifier) (this)] @receiver field: (field_identifier) @property) @member
(qualified_identifier scope: (namespace_identifier) @receiver name: (identifier) @property) @member
