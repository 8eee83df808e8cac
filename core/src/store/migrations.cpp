#include "migrations.hpp"

namespace jalon {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all{
        {1,
         "schemes, their tree, indicators and territories",
         {
             R"(CREATE TABLE scheme (
                 id VARCHAR(200) PRIMARY KEY,
                 title TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 owner TEXT NOT NULL,
                 period_start INTEGER NOT NULL,
                 period_end INTEGER NOT NULL,
                 language TEXT NOT NULL,
                 source TEXT NOT NULL,
                 status_year INTEGER,
                 source_file TEXT NOT NULL,
                 imported_at VARCHAR(32) NOT NULL,
                 revision INTEGER NOT NULL))",
             R"(CREATE TABLE scheme_level (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 depth INTEGER NOT NULL,
                 name TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, depth)))",
             R"(CREATE TABLE territory (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 parent_code VARCHAR(200),
                 position INTEGER NOT NULL,
                 name TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, parent_code) REFERENCES territory (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE node (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 parent_code VARCHAR(200),
                 position INTEGER NOT NULL,
                 depth INTEGER,
                 unplanned INTEGER NOT NULL,
                 title TEXT NOT NULL,
                 short_title TEXT NOT NULL,
                 code_inferred INTEGER NOT NULL,
                 objective TEXT NOT NULL,
                 participation TEXT NOT NULL,
                 has_calendar INTEGER NOT NULL,
                 calendar_start INTEGER,
                 calendar_end INTEGER,
                 calendar_text TEXT NOT NULL,
                 flagship INTEGER NOT NULL,
                 status VARCHAR(32),
                 year INTEGER,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, parent_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE indicator (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 node_code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 level VARCHAR(16) NOT NULL,
                 level_inferred INTEGER NOT NULL,
                 kind TEXT NOT NULL,
                 unit TEXT NOT NULL,
                 method VARCHAR(200) NOT NULL,
                 direction VARCHAR(8) NOT NULL,
                 key_indicator INTEGER NOT NULL,
                 has_baseline INTEGER NOT NULL,
                 baseline_value DOUBLE PRECISION,
                 baseline_year INTEGER,
                 has_target INTEGER NOT NULL,
                 target_value DOUBLE PRECISION,
                 target_year INTEGER,
                 target_unit TEXT NOT NULL,
                 target_text TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, node_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE INDEX indicator_by_node ON indicator (scheme_id, node_code))",
             R"(CREATE TABLE indicator_param (
                 scheme_id VARCHAR(200) NOT NULL,
                 indicator_code VARCHAR(200) NOT NULL,
                 name VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 is_list INTEGER NOT NULL,
                 value_type VARCHAR(8) NOT NULL,
                 value TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, indicator_code, name, position),
                 FOREIGN KEY (scheme_id, indicator_code) REFERENCES indicator (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE milestone (
                 scheme_id VARCHAR(200) NOT NULL,
                 indicator_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 text TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, indicator_code, year),
                 FOREIGN KEY (scheme_id, indicator_code) REFERENCES indicator (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE figure (
                 scheme_id VARCHAR(200) NOT NULL,
                 node_code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 unit TEXT NOT NULL,
                 year INTEGER,
                 PRIMARY KEY (scheme_id, node_code, position),
                 FOREIGN KEY (scheme_id, node_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             // Lists of texts of any element: pilots, partners, notes, narrative…
             R"(CREATE TABLE text_item (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 owner_kind VARCHAR(16) NOT NULL,
                 owner_code VARCHAR(200) NOT NULL,
                 field VARCHAR(32) NOT NULL,
                 position INTEGER NOT NULL,
                 value TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, owner_kind, owner_code, field, position)))",
             R"(CREATE INDEX text_item_by_field ON text_item (scheme_id, field, value))",
             R"(CREATE TABLE governance_body (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 position INTEGER NOT NULL,
                 body TEXT NOT NULL,
                 scope TEXT NOT NULL,
                 frequency TEXT NOT NULL,
                 role TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, position)))",
             R"(CREATE TABLE scheme_link (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 position INTEGER NOT NULL,
                 from_code VARCHAR(200),
                 to_ref TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, position)))",
             R"(CREATE TABLE stated_total (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 name VARCHAR(200) NOT NULL,
                 value BIGINT NOT NULL,
                 PRIMARY KEY (scheme_id, name)))",
         }},
    };
    return all;
}

} // namespace jalon
