/* Debian's libxml2 is built with ICU; its headers then pull in ICU's, which clash with the
   copy of ICU inside Foundation ('UErrorCode' has different definitions). Verdict never
   needs libxml2's ICU-facing API, so the flag is cleared before the other headers. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
