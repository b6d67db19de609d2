; archmem text masks for TSX: as typescript-masks.scm, and the text between JSX tags, which is prose.
(string_fragment) @mask
(regex) @mask
"${" @mask
(jsx_text) @mask
(comment) @mask
