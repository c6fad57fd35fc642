"""The help texts: the window's --help, and each command's (what it does, prints and exits with)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.cli.usage import PROG

WINDOW_HELP = f"""\
Read saved articles offline: news-mirror files, saved web pages, Markdown and
plain text, kept in a local library.

Without a command, the window opens; the FILEs (files or folders) are imported
into the library in the background and the first one is shown. Without a
display, the FILEs are imported and {PROG} says in one line that no window
can open."""

WINDOW_EPILOG = f"""\
commands (each has its own --help, e.g. '{PROG} list --help'):
{{commands}}

--data-dir DIR may come before or after the command; --data-dir=DIR works too.

exit status (the window): 0 closed normally; 1 no display and a FILE could not
be imported, the screenshot could not be written, or the library is damaged and
was not repaired; 2 bad usage, or --open names no article (with --screenshot);
130 interrupted."""


@dataclass(frozen=True)
class CommandHelp:
    usage: str  # what follows the command's name in the top-level list
    summary: str  # one line, in that list
    description: str  # what it does, at the top of its --help
    output: str  # what it prints
    status: str  # its exit codes

    def epilog(self) -> str:
        return f"output:\n{self.output}\n\nexit status:\n{self.status}"


LIST_OUTPUT = """\
  Without --json, one line per article: '*' when it is unread (else a space),
  its id, its date (YYYY-MM-DD, UTC), its source and its title.
  With --json, a JSON array of objects with these fields:
    id         the article's id (for show, mark, note and --open)
    title      its title (text, never markup)
    url        its address (http, https or mailto only, else null)
    published  its date, ISO 8601 UTC (2024-03-03T15:15:01Z), or null
    source     where it comes from (the address's host, else its folder)
    read       true or false
    archived   true or false
    note       the note, or null
  Archived and deleted articles are left out, as the window's All view leaves
  them out, unless --archived or --deleted asks for them."""


def _flag_help(done: str, summary: str, description: str) -> CommandHelp:
    """The help of archive, unarchive, delete and restore: the same output and status."""
    return CommandHelp(
        "ID ...",
        summary,
        description,
        "  Nothing (a failure is said on stderr).",
        f"""\
  0   saved: every ID is {done} (one that was already is left as it is)
  1   not saved: the state file could not be written (a full disk), or it is
      from a newer Saved Reader
  2   bad usage, or an ID names no article (then none is changed)""",
    )


HELP = {
    "import": CommandHelp(
        "PATH ...",
        "import files and folders (recursive) into the library",
        """\
Import files and folders into the library. Each file named is tried, whatever
its name. A folder is read recursively: files ending in .md, .markdown, .txt,
.html, .htm, .xhtml, .shtml or with no suffix are tried; hidden files and
folders, other types (images, PDFs...) and README or LICENSE files are passed
over, and counted in the summary. Files imported before and unchanged since are
not read again; an article already in the library (same address) is kept as it
is, with its read state and note.""",
        """\
  stdout: one JSON object per file, as it is stored:
    path    the file
    status  "added", "unchanged" (imported before, or the same article again),
            "skipped" (a link or a pipe in a folder) or "error"
    id      the article's id, or null
    title   its title, or null
    error   why it failed or was skipped, or null
  stderr: each file that failed or was skipped (the first 100), a progress bar
  on a terminal, and one last line summing up: how many were added, already in
  the library, failed and skipped, and why the skipped ones were.""",
        """\
  0   every file found was imported or was already in the library
  1   some file could not be imported, no file to import was found, or the
      library could not be written (a full disk: import again to complete it)
  2   bad usage
  130 interrupted (Ctrl+C); what was stored stays, importing again completes it""",
    ),
    "list": CommandHelp(
        "",
        "list the articles, newest first (--json: as JSON)",
        "List the articles in the library, newest first (or as --sort says).",
        LIST_OUTPUT,
        """\
  0   done (an empty list too)
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage""",
    ),
    "search": CommandHelp(
        "QUERY",
        "search titles and text, best first",
        """\
Search the titles and text of the articles: Chinese, Japanese and Korean text
is found anywhere (港, 日本); other words match whole and case-insensitively,
trump* as a prefix; all words must match; "a phrase" matches the phrase.
Best first: title matches, then relevance, then date.""",
        LIST_OUTPUT.replace("one line per article", "one line per article found"),
        """\
  0   done (no match is an empty list)
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage, or an empty query""",
    ),
    "show": CommandHelp(
        "ID",
        "print an article's sanitized HTML, or its text",
        "Print one article as the window shows it: its sanitized HTML, or its plain text.",
        """\
  The article's HTML after the sanitizer (no scripts, styles or images; links
  only to http, https, mailto or within the article); with --text, its plain
  text (an article without text: its address).""",
        """\
  0   done
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage, or no article has this id""",
    ),
    "mark": CommandHelp(
        "ID FLAG",
        "mark an article read or unread, starred or not",
        "Mark an article read or unread, and starred or not, in the state file.",
        "  Nothing (a failure is said on stderr).",
        """\
  0   saved
  1   not saved: the state file could not be written (a full disk), or it is
      from a newer Saved Reader
  2   bad usage (no flag, or --read with --unread), or no article has this id""",
    ),
    "note": CommandHelp(
        "ID [TEXT]",
        "print an article's note, or set it",
        'Print an article\'s note, or set it to TEXT ("" clears it).',
        "  Without TEXT, the note (nothing when there is none); with TEXT, nothing.",
        """\
  0   done
  1   not saved: the state file could not be written (a full disk), or it is
      from a newer Saved Reader
  2   bad usage, or no article has this id""",
    ),
    "archive": _flag_help(
        "archived",
        "archive articles (out of the list, kept in the archive)",
        """\
Archive articles: they leave the list (and 'list' without --archived) and its
unread counts, and stay in the window's Archive view ('list --archived').
Kept in the state file by id, so importing the same file again keeps them
archived. 'unarchive' brings them back.""",
    ),
    "unarchive": _flag_help(
        "out of the archive",
        "bring archived articles back into the list",
        "Bring archived articles back into the list and its unread counts.",
    ),
    "delete": _flag_help(
        "deleted",
        "delete articles (hidden everywhere; 'restore' brings them back)",
        """\
Delete articles: they leave every list, view and count, in the window too.
Kept in the state file by id, so importing the same file again does not bring
them back; the library keeps the article itself, so 'restore' brings it back
whole (read state, star and note included). 'list --deleted' lists them.""",
    ),
    "restore": _flag_help(
        "restored",
        "bring deleted articles back",
        "Bring deleted articles back into the lists (see 'list --deleted').",
    ),
    "repair": CommandHelp(
        "",
        "rebuild a damaged library (or --check it)",
        """\
Rebuild a damaged library from every article whose row or original can still be
read. Read state, stars and notes are kept (they are in the state file); the
damaged file is kept aside as library.sqlite3.damaged-...""",
        """\
  How many articles were recovered and lost, then up to 10 lost titles; on a
  terminal, progress on stderr. With --check: one line, 'The library in DIR is
  sound (N articles).', or what is damaged, on stderr.""",
        """\
  0   rebuilt (--check: sound)
  1   nothing could be recovered, there is no library, or (--check) it is damaged
  2   bad usage""",
    ),
    "fetch-images": CommandHelp(
        "ID ...",
        "fetch articles' images to show offline (--all: every one's)",
        """\
Fetch the images of articles into the library, as the window's Load images does,
so that they are shown from then on without asking anyone. Only http and https
images, at most 10 MB each and 40 MB an article, 15 s each; what is not a PNG,
JPEG, GIF or WebP picture is refused, as are tracking pixels, known trackers'
hosts and addresses on your own network. No cookie, no Referer, a plain
User-Agent; through the image proxy set in Preferences (none by default), or
--proxy for this run. An image already in the library is not asked for again,
so a second run asks for nothing; a refused one is asked for again.""",
        """\
  stdout: one JSON object per image, as it is done:
    id      the article's id
    url     the image's address
    status  "stored" (fetched now), "already" (in the library before) or
            "refused"
    reason  why it was refused (refused only)
    bytes   its size (stored only)
  stderr: one last line summing up, e.g. '12 images stored, 3 refused, 40
  already there, in 5 articles'.""",
        """\
  0   done (refused images too: each says why)
  1   the image store or the library could not be opened or written (a full
      disk), or the image proxy set in Preferences is not one (nothing fetched)
  2   bad usage (a bad --proxy), or an ID names no article (nothing fetched)
  130 interrupted (Ctrl+C); what was stored stays, running again completes it""",
    ),
}
