#pragma once

#include <soci/soci.h>

#include <string>
#include <string_view>

struct pg_conn;

namespace jalon {

// Streams rows into a PostgreSQL table with `COPY … FROM STDIN` (text format), the server's bulk
// path: SOCI's bulk `use(vector)` runs one statement per row there. Fields are added in column
// order, then end_row(); finish() ends the copy and reports the server's verdict. Runs inside the
// caller's transaction.
class CopyIn {
public:
    // `target` is `table (column, …)`.
    CopyIn(soci::session& sql, const std::string& target);
    CopyIn(const CopyIn&) = delete;
    CopyIn& operator=(const CopyIn&) = delete;
    ~CopyIn();

    CopyIn& text(std::string_view value);
    CopyIn& integer(long long value);
    CopyIn& real(double value);
    CopyIn& null();
    void end_row();
    void finish();

private:
    void field_separator();
    void flush();

    pg_conn* connection_;
    std::string buffer_;
    bool row_started_ = false;
    bool open_ = false;
};

} // namespace jalon
