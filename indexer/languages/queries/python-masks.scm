; archmem text masks for Python: string contents and comments, blanked before names are read from code.
; string_start holds the prefix (r, b, f, rb ...) and type_conversion the !r / !s of an f-string: not names.
(string_start) @mask
(string_content) @mask
(type_conversion) @mask
(comment) @mask
