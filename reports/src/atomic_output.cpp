#include <jalon/error.hpp>
#include <jalon/reports/atomic_output.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace jalon::reports {

namespace {

class Descriptor {
public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

[[noreturn]] void fail(const fs::path& output, const std::string& what, int error = errno) {
    throw RuntimeError("cannot write " + output.string() + ": " + what +
                       (error ? std::string(": ") + std::strerror(error) : std::string()));
}

std::string random_name_part() {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[12];
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
        throw RuntimeError(std::string("cannot draw a temporary name: ") + std::strerror(errno));
    std::string out;
    for (const unsigned char b : bytes)
        out += alphabet[b % (sizeof alphabet - 1)];
    return out;
}

// The process's umask, read without changing it (/proc), else through umask(2).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Umask:", 0) == 0)
            return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return mask;
}

bool same_file(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Whether the entry `name` of `parent` is the directory open as `directory`.
bool is_entry(int parent, const std::string& name, int directory) {
    struct stat entry {};
    struct stat open {};
    return ::fstatat(parent, name.c_str(), &entry, AT_SYMLINK_NOFOLLOW) == 0 &&
           ::fstat(directory, &open) == 0 && same_file(entry, open);
}

// The names in the directory open as `directory`, "." and ".." left out.
std::vector<std::string> entries(int directory) {
    std::vector<std::string> names;
    const int listing_fd = ::dup(directory);
    if (listing_fd < 0)
        return names;
    DIR* listing = ::fdopendir(listing_fd);
    if (!listing) {
        ::close(listing_fd);
        return names;
    }
    ::rewinddir(listing);
    while (const dirent* entry = ::readdir(listing)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..")
            names.push_back(name);
    }
    ::closedir(listing);
    return names;
}

// Empties and removes our private directory `name` of `parent` (open as `directory`): only its
// plain entries (never a subdirectory), and the directory only if it is still that entry.
void remove_private_directory(int parent, const std::string& name, int directory) {
    for (const std::string& leaf : entries(directory)) {
        struct stat st {};
        if (::fstatat(directory, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISDIR(st.st_mode))
            ::unlinkat(directory, leaf.c_str(), 0);
    }
    if (is_entry(parent, name, directory))
        ::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

// A writer killed mid-way (SIGKILL, power loss) leaves its private directory
// `.NAME.tmp-PID-RANDOM`: removed by the next writer of the same output once the process named
// in it is gone, if it is a real directory of ours (never through a link, never someone else's).
void remove_abandoned(int parent, const std::string& prefix) {
    std::vector<std::string> abandoned;
    for (const std::string& name : entries(parent)) {
        if (name.rfind(prefix, 0) != 0)
            continue;
        const std::string rest = name.substr(prefix.size());
        const std::string pid = rest.substr(0, rest.find('-'));
        if (pid.empty() || pid.size() > 9 ||
            pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) == 0 || errno != ESRCH)
            continue;
        abandoned.push_back(name);
    }
    for (const std::string& name : abandoned) {
        struct stat st {};
        if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            st.st_uid != ::geteuid())
            continue;
        if (S_ISREG(st.st_mode)) { // a file of the earlier `.NAME.tmp-PID` form
            ::unlinkat(parent, name.c_str(), 0);
            continue;
        }
        if (!S_ISDIR(st.st_mode))
            continue;
        const Descriptor directory(
            ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        struct stat open {};
        if (directory.get() < 0 || ::fstat(directory.get(), &open) != 0 || !same_file(st, open) ||
            open.st_uid != ::geteuid())
            continue;
        remove_private_directory(parent, name, directory.get());
    }
}

} // namespace

void write_atomically(const fs::path& output,
                      const std::function<void(const fs::path& temporary)>& write) {
    const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
    const std::string leaf = output.filename().string();
    const Descriptor parent(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (parent.get() < 0)
        throw RuntimeError("cannot write " + output.string() + ": no directory " +
                           directory.string());
    const std::string prefix = "." + leaf + ".tmp-";
    remove_abandoned(parent.get(), prefix);

    // A private directory (0700, a name no one can guess) beside the output: nothing can be
    // planted in it, so the writer's own open (libxlsxwriter's fopen) cannot be redirected.
    std::string name;
    for (int attempt = 0;; ++attempt) {
        name = prefix + std::to_string(::getpid()) + "-" + random_name_part();
        if (::mkdirat(parent.get(), name.c_str(), 0700) == 0)
            break;
        if (errno != EEXIST || attempt == 99)
            fail(output, "cannot create a temporary directory in " + directory.string());
    }
    const Descriptor temporary_directory(
        ::openat(parent.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st {};
    if (temporary_directory.get() < 0 || ::fstat(temporary_directory.get(), &st) != 0 ||
        st.st_uid != ::geteuid() || ::fchmod(temporary_directory.get(), 0700) != 0)
        fail(output, "the temporary directory " + name + " was replaced");
    const int dir_fd = temporary_directory.get();
    try {
        {
            const Descriptor file(::openat(
                dir_fd, leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
            if (file.get() < 0)
                fail(output, "cannot create a temporary file");
        }
        // The writer gets a path through the directory we hold open, not through its name in a
        // folder others may write to: it cannot be swapped between our checks and its open.
        const fs::path through_fd = "/proc/self/fd/" + std::to_string(dir_fd);
        const fs::path temporary =
            (fs::is_directory(through_fd) ? through_fd : directory / name) / leaf;
        try {
            write(temporary);
        } catch (const RuntimeError& e) { // name the output, not our private path
            std::string message = e.what();
            for (auto at = message.find(temporary.string()); at != std::string::npos;
                 at = message.find(temporary.string(), at + output.string().size()))
                message.replace(at, temporary.string().size(), output.string());
            throw RuntimeError(message);
        }
        const Descriptor file(::openat(dir_fd, leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (file.get() < 0)
            fail(output, "the temporary file disappeared");
        if (::fchmod(file.get(), 0666 & ~current_umask()) != 0 || ::fsync(file.get()) != 0)
            fail(output, "cannot finish the temporary file");
        if (::renameat(dir_fd, leaf.c_str(), parent.get(), leaf.c_str()) != 0)
            fail(output, "cannot rename the temporary file");
    } catch (...) {
        remove_private_directory(parent.get(), name, dir_fd);
        throw;
    }
    remove_private_directory(parent.get(), name, dir_fd);
}

} // namespace jalon::reports
