; archmem member references for python: receiver.property pairs, matched as whole patterns.
(attribute object: (identifier) @receiver attribute: (identifier) @property) @member
