; archmem member references for go: receiver.property pairs, matched as whole patterns.
(selector_expression operand: (identifier) @receiver field: (field_identifier) @property) @member
(qualified_type package: (package_identifier) @receiver name: (type_identifier) @property) @member
