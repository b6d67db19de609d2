; archmem text masks for Python: string contents and comments, blanked before names are read from code.
; type_conversion is the !r / !s of an f-string: not names. A string's prefix (r, b, f ...) stays visible:
; symbols.py reads no name right before a quote.
(string_content) @mask
(type_conversion) @mask
(comment) @mask
