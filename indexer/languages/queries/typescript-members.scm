; archmem member references for typescript: receiver.property pairs, matched as whole patterns.
(member_expression object: [(identifier) (this)] @receiver property: [(property_identifier) (private_property_identifier)] @property) @member
