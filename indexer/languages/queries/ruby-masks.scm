; archmem text masks for Ruby: string contents and comments, blanked before names are read from code.
(string_content) @mask
(heredoc_content) @mask
(comment) @mask
