; archmem member references for c: receiver.property pairs, matched as whole patterns.
(field_expression argument: (identifier) @receiver field: (field_identifier) @property) @member
