// The filter between `jalon` and the terminal (core/cli/terminal_text.cpp).
#include "terminal_text.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <sstream>

using jalon::cli::printable;
using jalon::cli::PrintableOutput;

TEST(TerminalText, ControlCharactersAreShownAndOtherTextIsUnchanged) {
    EXPECT_EQ(printable("a\x1b[2Jb\x07\r\x7f"), "a\\x1B[2Jb\\x07\\x0D\\x7F");
    EXPECT_EQ(printable(std::string("nul\0end", 7)), "nul\\x00end");
    EXPECT_EQ(printable("line\nnext\tcell"), "line\nnext\tcell");
    EXPECT_EQ(printable("\xc2\x9b"
                        "2J \xc2\x85 \xc2\x80\xc2\x9f"),
              "\\u009B2J \\u0085 \\u0080\\u009F");
    // Not controls: U+00A0 and U+00E9, a right-to-left mark, emoji, invalid UTF-8, a lone C2.
    const std::string kept = "\xc2\xa0\xc3\xa9 \u202e \U0001F600 \xff\xc3 \xc2";
    EXPECT_EQ(printable(kept), kept);
}

TEST(TerminalText, TheStreamFilterEscapesAcrossWritesAndCharacterByCharacter) {
    std::stringstream target;
    {
        PrintableOutput filter(target.rdbuf());
        std::ostream out(&filter);
        out << "a\x1b"
            << "]0;t\x07";
        out << "c\xc2"; // the lead byte of C1 CSI at the end of one write…
        out << "\x9b"
               "2J"; // …and its second byte at the start of the next
        out << "\xc2"
            << "\xa0"; // U+00A0 split the same way stays as it is
        for (const char c : std::string("x\ry\n"))
            out.put(c);   // one byte at a time (overflow)
        out << "end\xc2"; // a lead byte left at the end is written as is
    }
    EXPECT_EQ(target.str(), "a\\x1B]0;t\\x07c\\u009B2J\xc2\xa0x\\x0Dy\nend\xc2");
}
