; archmem text masks for javascript: string contents and comments, blanked before names are read from code.
(string_fragment) @mask
(comment) @mask
