std = "lua54"
max_line_length = 120
exclude_files = { ".rocks", "build", "build-asan" }
files["tests"] = { std = "+busted" }
files[".busted"] = { std = "+busted" }
