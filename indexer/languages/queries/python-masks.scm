; archmem text masks for Python: string contents and comments, blanked before names are read from code.
(string_content) @mask
(comment) @mask
