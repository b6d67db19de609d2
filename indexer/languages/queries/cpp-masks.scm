; archmem text masks for C++: string contents and comments, blanked before names are read from code.
; Whole literals, so that prefixes (L"", u8"", R"delim(...)delim") do not read as names.
(string_literal) @mask
(raw_string_literal) @mask
(char_literal) @mask
(system_lib_string) @mask
(comment) @mask
