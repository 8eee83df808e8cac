#pragma once
/// @file
/// The host side of the plugin seam: discovery, ABI checks, loading, and the methods on offer.

#include <jalon/export.hpp>
#include <jalon/plugin/indicator_method.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jalon {

/// A plugin that loaded, with the methods it registered.
struct PluginInfo {
    std::string name;
    std::string version;
    std::string file;
    std::vector<std::string> methods; ///< in registration order
};

/// A plugin file that was skipped, and why.
struct PluginFailure {
    std::string file;
    std::string reason;
};

/// A method on offer: its declaration, the object that computes it and where it comes from. The
/// object keeps its library loaded for as long as it lives.
struct AvailableMethod {
    plugin::MethodSpec spec;
    std::shared_ptr<const plugin::IndicatorMethod> method;
    std::string plugin;
    std::string plugin_version;
    std::string file;
};

/// Every indicator method offered by the plugins found, by name.
class JALON_API PluginCatalog {
public:
    /// Loads the plugin files (`*.so`) of the directories: directories in order, files sorted by
    /// name within each; a file met twice is loaded once; a missing directory is skipped. A file
    /// that cannot be used (not a shared library, no ABI record, ABI mismatch, no entry point,
    /// registration that throws, a method name already taken) is recorded as a failure.
    static PluginCatalog load(const std::vector<std::filesystem::path>& directories);
    /// Loads the given files, in order (a missing file is a failure).
    static PluginCatalog load_files(const std::vector<std::filesystem::path>& files);

    PluginCatalog();
    PluginCatalog(PluginCatalog&&) noexcept;
    PluginCatalog& operator=(PluginCatalog&&) noexcept;
    ~PluginCatalog();

    const std::vector<PluginInfo>& plugins() const;
    const std::vector<PluginFailure>& failures() const;
    /// The method of that name, or nullptr.
    const AvailableMethod* find(const std::string& method) const;
    /// Every method, sorted by name.
    std::vector<const AvailableMethod*> methods() const;

private:
    void load_file(const std::filesystem::path& file);
    struct State;
    std::unique_ptr<State> state_;
};

/// Where plugins are looked for, in order: the `--plugins` directories, the directories of
/// `JALON_PLUGIN_PATH` (separated by `:`), then the default directory.
JALON_API std::vector<std::filesystem::path>
plugin_search_path(const std::vector<std::string>& command_line_directories);

/// The installed plugin directory: `lib/jalon/plugins` beside the running executable's prefix
/// when it exists (an install, or the build tree), else the directory fixed at build time.
JALON_API std::filesystem::path default_plugin_directory();

} // namespace jalon
