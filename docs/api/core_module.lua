--- The C module behind `zhtext` (src/lzhtext*.c). Use `zhtext` instead; the few functions
-- that `zhtext` does not re-export are listed here. This file is read by LDoc only.
-- @module zhtext.core

--- The C module's release; `zhtext` refuses to load a core of another release.
-- @field version

--- The encoding name that `zt.decode` would use for these bytes ("UTF-8", "GB18030", ...),
-- without decoding them.
-- @function detect_encoding
-- @tparam string bytes
-- @treturn string

--- Methods of a model from `zhtext.lac.load` or `zhtext.lac.model()` (src/lzhtext_lac.c).
-- @section lac_model

--- The GRU kernel in use, or sets it: "auto" (the widest the CPU supports), "portable",
-- "avx2", "avx512". All give bit-identical results.
-- @function LacModel:kernel
-- @tparam[opt] string name
-- @treturn string the kernel now in use

--- How many chunks go through each GRU step together, or sets it.
-- @function LacModel:chunk
-- @tparam[opt] integer n
-- @treturn integer the value now in use

--- Frees the model now (also done by the garbage collector or a `<close>` variable).
-- @function LacModel:close
