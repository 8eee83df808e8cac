#include "copy_in.hpp"

#include <jalon/error.hpp>

#include <soci/postgresql/soci-postgresql.h>

#include <charconv>
#include <libpq-fe.h>

namespace jalon {

namespace {

constexpr std::size_t flush_bytes = 1 << 20;

std::string server_message(PGconn* connection) {
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

// Throws with the server's message unless the result has the expected status.
void expect(PGresult* result, ExecStatusType status, PGconn* connection, const char* step) {
    const bool ok = result && PQresultStatus(result) == status;
    const std::string message = result && PQresultErrorMessage(result)[0]
                                    ? PQresultErrorMessage(result)
                                    : server_message(connection);
    PQclear(result);
    if (!ok)
        throw soci::soci_error(std::string(step) + ": " + message);
}

} // namespace

CopyIn::CopyIn(soci::session& sql, const std::string& target)
    : connection_(static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_) {
    expect(PQexec(connection_, ("COPY " + target + " FROM STDIN").c_str()), PGRES_COPY_IN,
           connection_, "COPY");
    open_ = true;
    buffer_.reserve(flush_bytes + 4096);
}

CopyIn::~CopyIn() {
    if (!open_)
        return;
    // Abandoned (an exception): end the copy with an error so the connection can be used again;
    // the caller's transaction rolls back.
    PQputCopyEnd(connection_, "abandoned");
    while (PGresult* result = PQgetResult(connection_))
        PQclear(result);
}

void CopyIn::field_separator() {
    if (row_started_)
        buffer_ += '\t';
    row_started_ = true;
}

CopyIn& CopyIn::text(std::string_view value) {
    field_separator();
    for (const char c : value) {
        switch (c) {
        case '\\':
            buffer_ += "\\\\";
            break;
        case '\t':
            buffer_ += "\\t";
            break;
        case '\n':
            buffer_ += "\\n";
            break;
        case '\r':
            buffer_ += "\\r";
            break;
        default:
            buffer_ += c;
        }
    }
    return *this;
}

CopyIn& CopyIn::integer(long long value) {
    field_separator();
    buffer_ += std::to_string(value);
    return *this;
}

CopyIn& CopyIn::real(double value) {
    field_separator();
    char digits[32];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    buffer_.append(digits, ec == std::errc() ? end : digits);
    return *this;
}

CopyIn& CopyIn::null() {
    field_separator();
    buffer_ += "\\N";
    return *this;
}

void CopyIn::end_row() {
    buffer_ += '\n';
    row_started_ = false;
    if (buffer_.size() >= flush_bytes)
        flush();
}

void CopyIn::flush() {
    if (buffer_.empty())
        return;
    if (PQputCopyData(connection_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
        throw soci::soci_error("COPY: " + server_message(connection_));
    buffer_.clear();
}

void CopyIn::finish() {
    flush();
    open_ = false;
    if (PQputCopyEnd(connection_, nullptr) != 1)
        throw soci::soci_error("COPY: " + server_message(connection_));
    expect(PQgetResult(connection_), PGRES_COMMAND_OK, connection_, "COPY");
    while (PGresult* result = PQgetResult(connection_))
        PQclear(result);
}

} // namespace jalon
