---@meta zhtext
-- LuaLS type stubs for zhtext: completion for `zt.` and checking of option tables in editors.
-- Installed as <LUADIR>/zhtext/library/ (`make install`, `luarocks make`); add that folder, or
-- this checkout's library/, to the `Lua.workspace.library` setting. Not loaded at run time.
-- The guides in docs/ and `make doc` (LDoc) describe each function in full.

---@class zhtext.CleanOpts
---@field width? boolean full-width ASCII to half-width, half-width katakana to full-width (true)
---@field form? "NFC"|"NFKC"|false Unicode normalization of everything else ("NFC")
---@field punct? "auto"|"ascii"|"keep" punctuation style ("auto": from the context)
---@field space? boolean collapse and trim white space, normalise line ends (true)
---@field cjk_space? "keep"|"remove" a single space between two Han characters ("keep")
---@field invisible? boolean remove zero-width, bidi and control characters (true)
---@field html? boolean strip tags and decode entities first (false)
---@field stats? boolean also return a table of counts (false)
---@field invalid? "replace"|"drop"|"error" ill-formed UTF-8 ("replace": U+FFFD)

---@class zhtext.CleanStats
---@field invalid integer
---@field invisible integer
---@field width integer
---@field normalized integer
---@field space integer
---@field punct integer
---@field html_tags integer
---@field html_entities integer

---@class zhtext.DecodeOpts
---@field encoding? string an explicit encoding (wins over detection)
---@field invalid? "replace"|"drop"|"error"

---@class zhtext.CutOpts
---@field mode? "precise"|"full"|"search"|"accurate" ("precise")
---@field hmm? boolean HMM for unknown words (true)
---@field normalize? boolean look full-width letters and digits up as half-width (false)
---@field ascii? "jieba"|"merge" "merge": URLs, e-mails, dates, versions as one token ("jieba")
---@field traditional? boolean segment traditional text through OpenCC t2s (false)

---@class zhtext.KeywordsOpts
---@field top? integer how many (20; 0 = all)
---@field method? "tfidf"|"textrank" ("tfidf")
---@field allow_pos? string[] keep only words with these tags
---@field stop_words? boolean|table<string, boolean>|string[] true adds zt.STOP_WORDS; a table adds words

---@class zhtext.SegmenterOpts
---@field dict? string a compiled .ztd file or a jieba-format dictionary
---@field user_dict? string|string[] user dictionaries (jieba's format)
---@field hmm? boolean default for every call
---@field normalize? boolean default for every call

---@alias zhtext.Token {[1]: string, [2]: integer, [3]: integer} word, start, stop (1-based bytes)
---@alias zhtext.Tagged {[1]: string, [2]: string} word, tag
---@alias zhtext.Keyword {[1]: string, [2]: number} word, weight

---@class zhtext.Entity
---@field text string
---@field type "PER"|"LOC"|"ORG"|"TIME"
---@field start integer 1-based byte offset of the first byte
---@field stop integer byte offset of the last byte

---@class zhtext.Segmenter
local Segmenter = {}
---@param s string
---@param opts? zhtext.CutOpts
---@return string[]
function Segmenter:cut(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return zhtext.Token[]
function Segmenter:tokenize(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return zhtext.Tagged[]
function Segmenter:pos(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return fun(): string?
function Segmenter:words(s, opts) end
---@param s string
---@param opts? zhtext.KeywordsOpts
---@return zhtext.Keyword[]
function Segmenter:keywords(s, opts) end
---@param w string
---@param freq? integer
---@param tag? string
---@return zhtext.Segmenter
function Segmenter:add_word(w, freq, tag) end
---@param w string
---@return zhtext.Segmenter
function Segmenter:del_word(w) end
---@param path string
---@return true|nil ok
---@return string? err "file:line: reason"
function Segmenter:load_userdict(path) end
---@param w string|string[] a word to keep whole, or the pieces to split it into
---@param tune? boolean apply the frequency
---@return integer
function Segmenter:suggest_freq(w, tune) end
---@param w string
---@return integer? freq nil when not in the dictionary, 0 for a prefix only
function Segmenter:freq(w) end
---@param w string
---@return number idf
---@return boolean found
function Segmenter:idf(w) end
---@return integer
function Segmenter:total() end
function Segmenter:close() end

---@class zhtext.SimhashOpts
---@field ngram? integer features of n consecutive characters (text: 2) or items (list: 1)

---A 64-bit fingerprint or hash: an integer on Lua 5.3/5.4, 16 hex digits on Lua 5.1/LuaJIT (both
---accepted everywhere; docs/runtimes.md).
---@alias zhtext.U64 integer|string

---@class zhtext.SimhashIndex
---@operator len: integer
local SimhashIndex = {}
---@param fp zhtext.U64
---@param id? integer
---@return integer id
function SimhashIndex:add(fp, id) end
---@param fp zhtext.U64
---@param k? integer
---@return integer? id
---@return integer? distance
function SimhashIndex:query(fp, k) end
---@param fp zhtext.U64
---@param id? integer
---@return integer? id of a near duplicate (else fp was added)
---@return integer? distance
function SimhashIndex:check(fp, id) end
---@return integer
function SimhashIndex:k() end
function SimhashIndex:close() end

-- ---------------------------------------------------------------- articles

---@class zhtext.ArticleOpts
---@field clean? zhtext.CleanOpts|false cleaning of every value (false: as written)
---@field now? string|number reference time for relative dates (a date, or Unix seconds in UTC+08:00)
---@field url? string the page's URL, for `domain`
---@field mode? "auto"|"text"|"html"
---@field explain? boolean add `lines`

---@class zhtext.ArticleLine
---@field [1] string text
---@field [2] string kind
---@field [3] string rule

---@class zhtext.Article
---@field title string?
---@field date string? ISO 8601
---@field site string?
---@field domain string?
---@field source string?
---@field authors string[]
---@field editors string[]
---@field photographers string[]
---@field copyright string?
---@field keywords string[]
---@field description string?
---@field paragraphs string[]
---@field related string[]
---@field format "text"|"html"
---@field encoding string
---@field lines? zhtext.ArticleLine[]

---@class zhtext.article
local article = {}
---@param input string text or HTML, UTF-8 or GBK/GB18030/Big5 bytes
---@param opts? zhtext.ArticleOpts
---@return zhtext.Article
function article.parse(input, opts) end
---@param s string
---@param now? string|number
---@return string?
function article.parse_date(s, now) end
---@param record zhtext.Article|table
---@return string
function article.to_json(record) end

-- ---------------------------------------------------------------- pipelines

---@alias zhtext.Record table<string, any>
---@alias zhtext.Source fun(): zhtext.Record?, table?
---@alias zhtext.StageFn fun(record: zhtext.Record): zhtext.Record?

---@class zhtext.Stage
---@field name string
---@field fn zhtext.StageFn

---@class zhtext.Sink
---@field write fun(record: zhtext.Record)
---@field close? fun()

---@class zhtext.FieldOpts
---@field field? string the record field to read ("text")

---@class zhtext.DecodeStageOpts: zhtext.FieldOpts
---@field encoding? string

---@class zhtext.CleanStageOpts: zhtext.CleanOpts, zhtext.FieldOpts

---@class zhtext.ParseStageOpts: zhtext.ArticleOpts, zhtext.FieldOpts

---@class zhtext.SegmentStageOpts: zhtext.CutOpts, zhtext.FieldOpts
---@field pos? boolean also `pos`, a parallel list of tags

---@class zhtext.KeywordsStageOpts: zhtext.KeywordsOpts, zhtext.FieldOpts

---@class zhtext.DedupeOpts: zhtext.FieldOpts
---@field k? integer Hamming distance (3)
---@field by? "text"|"words"|"keywords" what is fingerprinted ("text")
---@field exact? boolean also drop exact copies (true)
---@field mark? boolean keep copies, with `duplicate_of`
---@field fingerprint? boolean store `simhash` (16 hex digits)

---@class zhtext.RunOpts
---@field errors? fun(message: string)|file*|false where failures are reported (stderr)

---@class zhtext.Summary
---@field input integer
---@field output integer
---@field dropped integer
---@field failed integer
---@field bytes integer
---@field dropped_by table<string, integer>
---@field failed_by table<string, integer>
---@field errors table[] the first 100 failures
---@field seconds number

---@class zhtext.Pipeline
local Pipeline = {}
---@param stage zhtext.StageFn|zhtext.Stage
---@param name? string
---@return zhtext.Pipeline
function Pipeline:use(stage, name) end
Pipeline.add = Pipeline.use
---@param opts? zhtext.DecodeStageOpts
---@return zhtext.Pipeline
function Pipeline:decode(opts) end
---@param opts? zhtext.CleanStageOpts
---@return zhtext.Pipeline
function Pipeline:clean(opts) end
---@param opts? zhtext.ParseStageOpts
---@return zhtext.Pipeline
function Pipeline:parse(opts) end
---@param opts? zhtext.SegmentStageOpts
---@return zhtext.Pipeline
function Pipeline:segment(opts) end
---@param opts? zhtext.KeywordsStageOpts
---@return zhtext.Pipeline
function Pipeline:keywords(opts) end
---@param opts? zhtext.DedupeOpts
---@return zhtext.Pipeline
function Pipeline:dedupe(opts) end
---@param pred fun(record: zhtext.Record): boolean
---@return zhtext.Pipeline
function Pipeline:filter(pred) end
---@param fn zhtext.StageFn
---@param name? string
---@return zhtext.Pipeline
function Pipeline:map(fn, name) end
---@return string[]
function Pipeline:names() end
---@param record zhtext.Record
---@return zhtext.Record? record
---@return string? message
---@return string? stage
function Pipeline:process(record) end
---@param source zhtext.Source
---@param sink zhtext.Sink|fun(record: zhtext.Record)
---@param opts? zhtext.RunOpts
---@return zhtext.Summary
function Pipeline:run(source, sink, opts) end
--- Runs the pipeline as `zhtext run` would, with its command-line options; returns the exit code.
---@param argv? string[]
---@return integer
function Pipeline:main(argv) end

---@class zhtext.SourceOpts
---@field field? string the input field of JSON Lines objects ("text", else "html")
---@field decode? boolean decode files to UTF-8 (true)
---@field skip? fun(record: zhtext.Record): boolean inputs to skip

---@class zhtext.DirOpts: zhtext.SourceOpts
---@field glob? string e.g. "*.{html,txt}"
---@field recursive? boolean (true)

---@class zhtext.source
local source = {}
---@param dir string
---@param opts? zhtext.DirOpts
---@return zhtext.Source
function source.dir(dir, opts) end
---@param files string|string[]
---@param opts? zhtext.SourceOpts
---@return zhtext.Source
function source.files(files, opts) end
---@param src string|file*
---@param opts? {field?: string, name?: string, skip?: fun(record: zhtext.Record): boolean}
---@return zhtext.Source
function source.jsonl(src, opts) end
---@param opts? {field?: string, name?: string, skip?: fun(record: zhtext.Record): boolean}
---@return zhtext.Source
function source.stdin(opts) end
---@param list string[] files, directories and "-"
---@param opts? zhtext.DirOpts
---@return zhtext.Source
function source.paths(list, opts) end
---@param records zhtext.Record[]
---@param opts? {name?: string}
---@return zhtext.Source
function source.list(records, opts) end

---@class zhtext.sink
local sink = {}
---@param dest string|file*
---@param opts? {fields?: string[], append?: boolean}
---@return zhtext.Sink
function sink.jsonl(dest, opts) end
---@param dest string|file*
---@param fields string[]
---@param opts? {header?: boolean, append?: boolean}
---@return zhtext.Sink
function sink.tsv(dest, fields, opts) end
---@param dest string|file*
---@param fields string[]
---@param opts? {header?: boolean, append?: boolean}
---@return zhtext.Sink
function sink.csv(dest, fields, opts) end
---@param fn fun(record: zhtext.Record)
---@return zhtext.Sink
function sink.callback(fn) end
---@return zhtext.Sink|{records: zhtext.Record[]}
function sink.collect() end
---@return zhtext.Sink
function sink.null() end
---@param record zhtext.Record
---@return string
function sink.encode(record) end

-- ---------------------------------------------------------------- the module

---@class zhtext
---@field _VERSION string "zhtext X.Y.Z"
---@field article zhtext.article
---@field source zhtext.source
---@field sink zhtext.sink
---@field STOP_WORDS table<string, boolean>
local zt = {}

---@param s string
---@param opts? zhtext.CleanOpts
---@return string? text nil with `invalid = "error"` on ill-formed input
---@return zhtext.CleanStats|string? stats the counts with `stats = true`, or the error message
function zt.clean(s, opts) end

---@param bytes string
---@param encoding? string|zhtext.DecodeOpts
---@return string? utf8
---@return string encoding the encoding used (or the error message)
function zt.decode(bytes, encoding) end

---@param s string
---@param config string an OpenCC configuration: "t2s", "s2t", "s2twp", "tw2sp", "s2hk"..., a file name or a path
---@return string
function zt.convert(s, config) end

zt.utf8 = {}
---@param s string
---@return boolean valid
---@return integer? pos the first ill-formed byte
function zt.utf8.valid(s) end
---@param s string
---@return integer? len
---@return integer? pos the first ill-formed byte
function zt.utf8.len(s) end

---@param s string
---@return boolean
function zt.is_han(s) end

---@param s string
---@param opts? zhtext.CutOpts
---@return string[]
function zt.cut(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return zhtext.Token[]
function zt.tokenize(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return zhtext.Tagged[]
function zt.pos(s, opts) end
---@param s string
---@param opts? zhtext.CutOpts
---@return fun(): string?
function zt.words(s, opts) end
---@param s string
---@param opts? zhtext.KeywordsOpts
---@return zhtext.Keyword[]
function zt.keywords(s, opts) end
---@param w string
---@param freq? integer
---@param tag? string
function zt.add_word(w, freq, tag) end
---@param w string
function zt.del_word(w) end
---@param path string
---@return true|nil ok
---@return string? err
function zt.load_userdict(path) end
---@param w string|string[]
---@param tune? boolean
---@return integer
function zt.suggest_freq(w, tune) end
---@param opts? zhtext.SegmenterOpts
---@return zhtext.Segmenter? segmenter
---@return string? err
function zt.segmenter(opts) end
---@return zhtext.Segmenter
function zt.default_segmenter() end
---@param words_path string a jieba-format dictionary
---@param out_path string the .ztd file to write
---@return true|nil ok
---@return string? err
function zt.compile_dict(words_path, out_path) end
---@return string? path
---@return string? err
function zt.seg_dict_path() end

---@param s string
---@param opts? {model?: string|zhtext.LacModel, mode?: "accurate"}
---@return zhtext.Entity[]? entities
---@return string? err
function zt.entities(s, opts) end

---@param input string|string[]|zhtext.Keyword[] a text, or a list of features
---@param opts? zhtext.SimhashOpts
---@return zhtext.U64
function zt.simhash(input, opts) end
---@param a zhtext.U64
---@param b zhtext.U64
---@return integer
function zt.hamming(a, b) end
---@param s string
---@return zhtext.U64
function zt.hash64(s) end
---@param opts? {k?: integer}
---@return zhtext.SimhashIndex
function zt.simhash_index(opts) end

---@param stages? (zhtext.Stage|zhtext.StageFn)[]
---@return zhtext.Pipeline
function zt.pipeline(stages) end

-- ---------------------------------------------------------------- zhtext.lac

---@class zhtext.LacModel
local LacModel = {}
---@param name? "auto"|"portable"|"avx2"|"avx512"
---@return string
function LacModel:kernel(name) end
---@param n? integer
---@return integer
function LacModel:chunk(n) end
function LacModel:close() end

return zt
