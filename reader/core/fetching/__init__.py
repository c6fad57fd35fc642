"""Images fetched on the reader's terms (issue 12): one image at a time, over http(s) only,
with no cookie, no Referer and a plain User-Agent, capped in size and time, checked to be a
picture, and never from a known tracker. ``fetch.fetch_image`` is the one way in."""
