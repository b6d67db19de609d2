; archmem text masks for javascript: string contents and comments, blanked before names are read from code.
; Regular expressions are text too, "${" would otherwise read as the name `$`, and the text between JSX
; tags is prose.
(string_fragment) @mask
(regex) @mask
"${" @mask
(jsx_text) @mask
(comment) @mask
