#include "plugin_call.hpp"

#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/plugin/registrar.hpp>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace jalon {

namespace {

// Why a plugin file or directory cannot be trusted (anyone but its owner, the user or root, could
// have replaced what it holds), or empty. Plugins run with the user's rights.
std::string untrusted(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {};
    if (st.st_mode & S_IWOTH)
        return "is world-writable: anyone could replace what it holds";
    if (st.st_uid != ::geteuid() && st.st_uid != 0)
        return "is owned by user id " + std::to_string(st.st_uid) + ", neither you nor root";
    return {};
}

using plugin::MethodSpec;

// Collects what a plugin registers; nothing is kept unless registration completes.
class StagingRegistrar final : public plugin::MethodRegistrar {
public:
    void add(MethodSpec spec, std::unique_ptr<plugin::IndicatorMethod> method) override {
        if (!method)
            throw std::invalid_argument("method '" + spec.name + "' registered without an object");
        staged.emplace_back(std::move(spec), std::move(method));
    }
    std::vector<std::pair<MethodSpec, std::unique_ptr<plugin::IndicatorMethod>>> staged;
};

// A C string field of the ABI record, read without trusting its terminator.
std::string field(const char* text, std::size_t size) {
    return std::string(text, strnlen(text, size));
}

// Checks a declaration against itself: data needs name series parameters that exist.
std::string spec_problem(const MethodSpec& spec) {
    if (spec.name.empty())
        return "a method has no name";
    if (spec.label.fr.empty() || spec.label.en.empty())
        return "method '" + spec.name + "' has no label in " +
               (spec.label.fr.empty() ? "French (label.fr)" : "English (label.en)");
    std::set<std::string> params;
    for (const auto& p : spec.params)
        if (!params.insert(p.name).second)
            return "method '" + spec.name + "' declares parameter '" + p.name + "' twice";
    for (const auto& need : spec.data) {
        const auto series =
            std::find_if(spec.params.begin(), spec.params.end(),
                         [&](const auto& p) { return p.name == need.series_param; });
        if (series == spec.params.end() || series->type != plugin::ParamType::series)
            return "method '" + spec.name + "': data '" + need.name +
                   "' names no series parameter '" + need.series_param + "'";
        if (!need.kinds_param.empty() &&
            std::none_of(spec.params.begin(), spec.params.end(), [&](const auto& p) {
                return p.name == need.kinds_param && p.type == plugin::ParamType::text_list;
            }))
            return "method '" + spec.name + "': data '" + need.name +
                   "' names no text_list parameter '" + need.kinds_param + "'";
    }
    return {};
}

} // namespace

struct PluginCatalog::State {
    std::vector<PluginInfo> plugins;
    std::vector<PluginFailure> failures;
    std::map<std::string, AvailableMethod> methods;
    std::set<fs::path> seen;
};

PluginCatalog::PluginCatalog() : state_(std::make_unique<State>()) {}
PluginCatalog::PluginCatalog(PluginCatalog&&) noexcept = default;
PluginCatalog& PluginCatalog::operator=(PluginCatalog&&) noexcept = default;
PluginCatalog::~PluginCatalog() = default;

const std::vector<PluginInfo>& PluginCatalog::plugins() const {
    return state_->plugins;
}
const std::vector<PluginFailure>& PluginCatalog::failures() const {
    return state_->failures;
}

const AvailableMethod* PluginCatalog::find(const std::string& method) const {
    const auto it = state_->methods.find(method);
    return it == state_->methods.end() ? nullptr : &it->second;
}

std::vector<const AvailableMethod*> PluginCatalog::methods() const {
    std::vector<const AvailableMethod*> out;
    for (const auto& [name, method] : state_->methods)
        out.push_back(&method);
    return out;
}

PluginCatalog PluginCatalog::load(const std::vector<fs::path>& directories) {
    PluginCatalog catalog;
    for (const fs::path& directory : directories) {
        std::error_code error;
        if (!fs::is_directory(directory, error)) {
            spdlog::debug("plugin directory {} does not exist", directory.string());
            continue;
        }
        if (const std::string reason = untrusted(directory); !reason.empty()) {
            spdlog::warn("plugin directory {} skipped: it {}", directory.string(), reason);
            catalog.state_->failures.push_back(
                {directory.string(),
                 "plugin directory " + reason + "; none of its plugins loaded"});
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(directory, error))
            if (entry.path().extension() == ".so" && !fs::is_directory(entry.path()))
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files)
            catalog.load_file(file);
    }
    return catalog;
}

PluginCatalog PluginCatalog::load_files(const std::vector<fs::path>& files) {
    PluginCatalog catalog;
    for (const fs::path& file : files)
        catalog.load_file(file);
    return catalog;
}

void PluginCatalog::load_file(const fs::path& file) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(file, error);
    if (!state_->seen.insert(error ? file : canonical).second)
        return;
    const auto fail = [&](const std::string& reason) {
        spdlog::warn("plugin {} skipped: {}", file.string(), reason);
        state_->failures.push_back({file.string(), reason});
    };
    if (!fs::exists(file, error))
        return fail("file not found");
    if (const std::string reason = untrusted(file); !reason.empty())
        return fail("not loaded: the file " + reason);

    auto library = std::make_shared<boost::dll::shared_library>();
    try {
        PluginCall call({}, file.string(), "loading it"); // its static constructors run here
        library->load(boost::dll::fs::path(file.string()), boost::dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        return fail(std::string("cannot be loaded as a shared library: ") + e.what());
    }

    // The ABI record is plain C data: read and check it before any C++ of the plugin runs.
    if (!library->has(JALON_PLUGIN_ABI_SYMBOL))
        return fail("no ABI record '" JALON_PLUGIN_ABI_SYMBOL "' (not a Jalon plugin?)");
    const JalonPluginAbi& abi = library->get<const JalonPluginAbi>(JALON_PLUGIN_ABI_SYMBOL);
    const std::string name = field(abi.name, sizeof abi.name);
    const std::string version = field(abi.version, sizeof abi.version);
    if (abi.abi_version != JALON_PLUGIN_ABI_VERSION)
        return fail("plugin '" + name + "' has ABI version " + std::to_string(abi.abi_version) +
                    ", this Jalon needs " + std::to_string(JALON_PLUGIN_ABI_VERSION) +
                    (abi.abi_version < JALON_PLUGIN_ABI_VERSION
                         ? ": rebuild it against this Jalon's headers (docs/writing-a-plugin.md)"
                         : ": it needs a newer Jalon"));
    if (abi.jalon_major != JALON_VERSION_MAJOR || abi.jalon_minor != JALON_VERSION_MINOR)
        return fail("plugin '" + name + "' was built for Jalon " + std::to_string(abi.jalon_major) +
                    "." + std::to_string(abi.jalon_minor) + ", this is " JALON_VERSION_STRING);
    const std::string compiler = field(abi.compiler, sizeof abi.compiler);
    const std::string stdlib = field(abi.stdlib, sizeof abi.stdlib);
    if (compiler != JALON_PLUGIN_COMPILER || stdlib != JALON_PLUGIN_STDLIB)
        return fail("plugin '" + name + "' was built with " + compiler + "/" + stdlib +
                    ", this Jalon with " JALON_PLUGIN_COMPILER "/" JALON_PLUGIN_STDLIB);
    if (name.empty())
        return fail("the ABI record has no plugin name");
    if (!library->has(JALON_PLUGIN_ENTRY_SYMBOL))
        return fail("plugin '" + name + "' has no entry point '" JALON_PLUGIN_ENTRY_SYMBOL "'");
    const auto entry = library->get<void(plugin::MethodRegistrar&)>(JALON_PLUGIN_ENTRY_SYMBOL);

    StagingRegistrar registrar;
    try {
        PluginCall call(name, file.string(), "registering its methods");
        entry(registrar);
    } catch (const std::exception& e) {
        return fail("plugin '" + name + "' threw during registration: " + e.what());
    } catch (...) {
        return fail("plugin '" + name + "' threw during registration (not a std::exception)");
    }
    std::set<std::string> names;
    for (const auto& [spec, method] : registrar.staged) {
        if (const std::string problem = spec_problem(spec); !problem.empty())
            return fail("plugin '" + name + "': " + problem);
        if (const AvailableMethod* taken = find(spec.name))
            return fail("plugin '" + name + "' registers method '" + spec.name +
                        "', already registered by plugin '" + taken->plugin + "' (" + taken->file +
                        ")");
        if (!names.insert(spec.name).second)
            return fail("plugin '" + name + "' registers method '" + spec.name + "' twice");
    }

    PluginInfo info{name, version, file.string(), {}};
    for (auto& [spec, method] : registrar.staged) {
        info.methods.push_back(spec.name);
        // The deleter holds the library: it stays loaded while any of its objects lives.
        std::shared_ptr<const plugin::IndicatorMethod> shared(
            method.release(), [library](const plugin::IndicatorMethod* m) { delete m; });
        const std::string method_name = spec.name;
        state_->methods.emplace(method_name, AvailableMethod{std::move(spec), std::move(shared),
                                                             name, version, file.string()});
    }
    spdlog::debug("plugin {} {} loaded from {}: {} methods", name, version, file.string(),
                  info.methods.size());
    state_->plugins.push_back(std::move(info));
}

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& command_line_directories) {
    std::vector<fs::path> path(command_line_directories.begin(), command_line_directories.end());
    if (const char* env = std::getenv("JALON_PLUGIN_PATH"); env && *env) {
        std::string list = env;
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t colon = list.find(':', start);
            const std::string item =
                list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!item.empty())
                path.emplace_back(item);
            if (colon == std::string::npos)
                break;
            start = colon + 1;
        }
    }
    path.push_back(default_plugin_directory());
    return path;
}

fs::path default_plugin_directory() {
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path beside =
            executable.parent_path().parent_path() / JALON_INSTALL_LIBDIR / "jalon" / "plugins";
        if (fs::is_directory(beside, error))
            return beside;
    }
    return fs::path(JALON_INSTALL_FULL_LIBDIR) / "jalon" / "plugins";
}

} // namespace jalon
