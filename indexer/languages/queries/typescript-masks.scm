; archmem text masks for typescript: string contents and comments, blanked before names are read from code.
; Regular expressions are text too, and "${" would otherwise read as the name `$`.
(string_fragment) @mask
(regex) @mask
"${" @mask
(comment) @mask
