/*
 * libgit2.h - libgit2, loaded the first time a run asks it something (libgit2.c says
 * why). Include this, never <git2.h>: each libgit2 function assay calls is reached through
 * the table below (its fields and GITLIB_API list the same names; libgit2.c checks the
 * counts agree), which gitlib() fills on first use. A function missing from them fails
 * the link (the executable does not link libgit2), so none is called directly.
 */
#ifndef ASSAY_GIT_LIBGIT2_H
#define ASSAY_GIT_LIBGIT2_H

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#define GITLIB_API(X) \
	X(git_attr_get_many_ext) \
	X(git_attr_value) \
	X(git_blob_create_from_buffer) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_free) \
	X(git_commit_lookup) \
	X(git_commit_time) \
	X(git_commit_tree) \
	X(git_config_add_file_ondisk) \
	X(git_config_entry_free) \
	X(git_config_free) \
	X(git_config_get_bool) \
	X(git_config_get_entry) \
	X(git_config_get_path) \
	X(git_config_get_string_buf) \
	X(git_config_snapshot) \
	X(git_diff_find_options_init) \
	X(git_diff_find_similar) \
	X(git_diff_free) \
	X(git_diff_get_delta) \
	X(git_diff_index_to_workdir) \
	X(git_diff_num_deltas) \
	X(git_diff_options_init) \
	X(git_diff_tree_to_index) \
	X(git_diff_tree_to_tree) \
	X(git_diff_tree_to_workdir_with_index) \
	X(git_error_last) \
	X(git_error_set_str) \
	X(git_ignore_path_is_ignored) \
	X(git_index_add) \
	X(git_index_conflict_iterator_free) \
	X(git_index_conflict_iterator_new) \
	X(git_index_conflict_next) \
	X(git_index_free) \
	X(git_index_get_bypath) \
	X(git_index_find_prefix) \
	X(git_index_has_conflicts) \
	X(git_index_new) \
	X(git_index_open) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_mempack_new) \
	X(git_merge_base) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_peel) \
	X(git_odb_add_backend) \
	X(git_odb_exists) \
	X(git_odb_free) \
	X(git_odb_hash) \
	X(git_odb_read_header) \
	X(git_oid_cpy) \
	X(git_oid_fromraw) \
	X(git_oid_is_zero) \
	X(git_oid_tostr) \
	X(git_patch_free) \
	X(git_patch_from_diff) \
	X(git_patch_line_stats) \
	X(git_reference_free) \
	X(git_reference_is_branch) \
	X(git_reference_name_to_id) \
	X(git_reference_shorthand) \
	X(git_repository_commondir) \
	X(git_repository_config) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_head) \
	X(git_repository_index) \
	X(git_repository_is_worktree) \
	X(git_repository_is_shallow) \
	X(git_repository_mergehead_foreach) \
	X(git_repository_new) \
	X(git_repository_odb) \
	X(git_repository_open_bare) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_set_index) \
	X(git_repository_set_odb) \
	X(git_repository_set_workdir) \
	X(git_repository_workdir) \
	X(git_repository_is_bare) \
	X(git_revparse_single) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entry_type) \
	X(git_tree_entrycount) \
	X(git_tree_free) \
	X(git_tree_id) \
	X(git_tree_lookup)

struct gitlib {
	__typeof__(git_attr_get_many_ext) *git_attr_get_many_ext;
	__typeof__(git_attr_value) *git_attr_value;
	__typeof__(git_blob_create_from_buffer) *git_blob_create_from_buffer;
	__typeof__(git_blob_free) *git_blob_free;
	__typeof__(git_blob_lookup) *git_blob_lookup;
	__typeof__(git_blob_rawcontent) *git_blob_rawcontent;
	__typeof__(git_blob_rawsize) *git_blob_rawsize;
	__typeof__(git_buf_dispose) *git_buf_dispose;
	__typeof__(git_commit_free) *git_commit_free;
	__typeof__(git_commit_lookup) *git_commit_lookup;
	__typeof__(git_commit_time) *git_commit_time;
	__typeof__(git_commit_tree) *git_commit_tree;
	__typeof__(git_config_free) *git_config_free;
	__typeof__(git_config_add_file_ondisk) *git_config_add_file_ondisk;
	__typeof__(git_config_get_bool) *git_config_get_bool;
	__typeof__(git_config_snapshot) *git_config_snapshot;
	__typeof__(git_config_get_path) *git_config_get_path;
	__typeof__(git_config_get_string_buf) *git_config_get_string_buf;
	__typeof__(git_config_entry_free) *git_config_entry_free;
	__typeof__(git_config_get_entry) *git_config_get_entry;
	__typeof__(git_diff_find_options_init) *git_diff_find_options_init;
	__typeof__(git_diff_find_similar) *git_diff_find_similar;
	__typeof__(git_diff_free) *git_diff_free;
	__typeof__(git_diff_get_delta) *git_diff_get_delta;
	__typeof__(git_diff_index_to_workdir) *git_diff_index_to_workdir;
	__typeof__(git_diff_num_deltas) *git_diff_num_deltas;
	__typeof__(git_diff_options_init) *git_diff_options_init;
	__typeof__(git_diff_tree_to_index) *git_diff_tree_to_index;
	__typeof__(git_diff_tree_to_tree) *git_diff_tree_to_tree;
	__typeof__(git_diff_tree_to_workdir_with_index) *git_diff_tree_to_workdir_with_index;
	__typeof__(git_error_last) *git_error_last;
	__typeof__(git_error_set_str) *git_error_set_str;
	__typeof__(git_ignore_path_is_ignored) *git_ignore_path_is_ignored;
	__typeof__(git_index_add) *git_index_add;
	__typeof__(git_index_conflict_iterator_free) *git_index_conflict_iterator_free;
	__typeof__(git_index_conflict_iterator_new) *git_index_conflict_iterator_new;
	__typeof__(git_index_conflict_next) *git_index_conflict_next;
	__typeof__(git_index_free) *git_index_free;
	__typeof__(git_index_get_bypath) *git_index_get_bypath;
	__typeof__(git_index_find_prefix) *git_index_find_prefix;
	__typeof__(git_index_has_conflicts) *git_index_has_conflicts;
	__typeof__(git_index_new) *git_index_new;
	__typeof__(git_index_open) *git_index_open;
	__typeof__(git_libgit2_init) *git_libgit2_init;
	__typeof__(git_libgit2_opts) *git_libgit2_opts;
	__typeof__(git_libgit2_shutdown) *git_libgit2_shutdown;
	__typeof__(git_mempack_new) *git_mempack_new;
	__typeof__(git_merge_base) *git_merge_base;
	__typeof__(git_object_free) *git_object_free;
	__typeof__(git_object_id) *git_object_id;
	__typeof__(git_object_peel) *git_object_peel;
	__typeof__(git_odb_add_backend) *git_odb_add_backend;
	__typeof__(git_odb_exists) *git_odb_exists;
	__typeof__(git_odb_free) *git_odb_free;
	__typeof__(git_odb_hash) *git_odb_hash;
	__typeof__(git_odb_read_header) *git_odb_read_header;
	__typeof__(git_oid_cpy) *git_oid_cpy;
	__typeof__(git_oid_fromraw) *git_oid_fromraw;
	__typeof__(git_oid_is_zero) *git_oid_is_zero;
	__typeof__(git_oid_tostr) *git_oid_tostr;
	__typeof__(git_patch_free) *git_patch_free;
	__typeof__(git_patch_from_diff) *git_patch_from_diff;
	__typeof__(git_patch_line_stats) *git_patch_line_stats;
	__typeof__(git_reference_free) *git_reference_free;
	__typeof__(git_reference_is_branch) *git_reference_is_branch;
	__typeof__(git_reference_name_to_id) *git_reference_name_to_id;
	__typeof__(git_reference_shorthand) *git_reference_shorthand;
	__typeof__(git_repository_commondir) *git_repository_commondir;
	__typeof__(git_repository_config) *git_repository_config;
	__typeof__(git_repository_config_snapshot) *git_repository_config_snapshot;
	__typeof__(git_repository_free) *git_repository_free;
	__typeof__(git_repository_head) *git_repository_head;
	__typeof__(git_repository_index) *git_repository_index;
	__typeof__(git_repository_is_worktree) *git_repository_is_worktree;
	__typeof__(git_repository_is_shallow) *git_repository_is_shallow;
	__typeof__(git_repository_mergehead_foreach) *git_repository_mergehead_foreach;
	__typeof__(git_repository_new) *git_repository_new;
	__typeof__(git_repository_odb) *git_repository_odb;
	__typeof__(git_repository_open_bare) *git_repository_open_bare;
	__typeof__(git_repository_open_ext) *git_repository_open_ext;
	__typeof__(git_repository_path) *git_repository_path;
	__typeof__(git_repository_set_index) *git_repository_set_index;
	__typeof__(git_repository_set_odb) *git_repository_set_odb;
	__typeof__(git_repository_set_workdir) *git_repository_set_workdir;
	__typeof__(git_repository_workdir) *git_repository_workdir;
	__typeof__(git_repository_is_bare) *git_repository_is_bare;
	__typeof__(git_revparse_single) *git_revparse_single;
	__typeof__(git_tree_entry_byindex) *git_tree_entry_byindex;
	__typeof__(git_tree_entry_byname) *git_tree_entry_byname;
	__typeof__(git_tree_entry_bypath) *git_tree_entry_bypath;
	__typeof__(git_tree_entry_filemode) *git_tree_entry_filemode;
	__typeof__(git_tree_entry_free) *git_tree_entry_free;
	__typeof__(git_tree_entry_id) *git_tree_entry_id;
	__typeof__(git_tree_entry_name) *git_tree_entry_name;
	__typeof__(git_tree_entry_type) *git_tree_entry_type;
	__typeof__(git_tree_entrycount) *git_tree_entrycount;
	__typeof__(git_tree_free) *git_tree_free;
	__typeof__(git_tree_id) *git_tree_id;
	__typeof__(git_tree_lookup) *git_tree_lookup;
};

/* The table, libgit2 loaded and initialised on the first call (from any thread). When it
 * cannot be loaded the run ends: exit 4, naming the library and why. */
const struct gitlib *gitlib(void);
/* 1 once libgit2 is loaded (nothing is loaded to answer). */
int gitlib_loaded(void);
/* Loads it as gitlib() does, but a failure is only the 0 returned (for a thread that
 * loads it ahead of need: the gitlib() call that needs it says why and ends the run). */
int gitlib_preload(void);

/* libgit2.c, which fills the table, sees the names themselves. */
#ifndef GITLIB_FILLING
#define git_attr_get_many_ext (gitlib()->git_attr_get_many_ext)
#define git_attr_value (gitlib()->git_attr_value)
#define git_blob_create_from_buffer (gitlib()->git_blob_create_from_buffer)
#define git_blob_free (gitlib()->git_blob_free)
#define git_blob_lookup (gitlib()->git_blob_lookup)
#define git_blob_rawcontent (gitlib()->git_blob_rawcontent)
#define git_blob_rawsize (gitlib()->git_blob_rawsize)
#define git_buf_dispose (gitlib()->git_buf_dispose)
#define git_commit_free (gitlib()->git_commit_free)
#define git_commit_lookup (gitlib()->git_commit_lookup)
#define git_commit_time (gitlib()->git_commit_time)
#define git_commit_tree (gitlib()->git_commit_tree)
#define git_config_free (gitlib()->git_config_free)
#define git_config_add_file_ondisk (gitlib()->git_config_add_file_ondisk)
#define git_config_get_bool (gitlib()->git_config_get_bool)
#define git_config_snapshot (gitlib()->git_config_snapshot)
#define git_config_get_path (gitlib()->git_config_get_path)
#define git_config_get_string_buf (gitlib()->git_config_get_string_buf)
#define git_config_entry_free (gitlib()->git_config_entry_free)
#define git_config_get_entry (gitlib()->git_config_get_entry)
#define git_diff_find_options_init (gitlib()->git_diff_find_options_init)
#define git_diff_find_similar (gitlib()->git_diff_find_similar)
#define git_diff_free (gitlib()->git_diff_free)
#define git_diff_get_delta (gitlib()->git_diff_get_delta)
#define git_diff_index_to_workdir (gitlib()->git_diff_index_to_workdir)
#define git_diff_num_deltas (gitlib()->git_diff_num_deltas)
#define git_diff_options_init (gitlib()->git_diff_options_init)
#define git_diff_tree_to_index (gitlib()->git_diff_tree_to_index)
#define git_diff_tree_to_tree (gitlib()->git_diff_tree_to_tree)
#define git_diff_tree_to_workdir_with_index (gitlib()->git_diff_tree_to_workdir_with_index)
#define git_error_last (gitlib()->git_error_last)
#define git_error_set_str (gitlib()->git_error_set_str)
#define git_ignore_path_is_ignored (gitlib()->git_ignore_path_is_ignored)
#define git_index_add (gitlib()->git_index_add)
#define git_index_conflict_iterator_free (gitlib()->git_index_conflict_iterator_free)
#define git_index_conflict_iterator_new (gitlib()->git_index_conflict_iterator_new)
#define git_index_conflict_next (gitlib()->git_index_conflict_next)
#define git_index_free (gitlib()->git_index_free)
#define git_index_get_bypath (gitlib()->git_index_get_bypath)
#define git_index_find_prefix (gitlib()->git_index_find_prefix)
#define git_index_has_conflicts (gitlib()->git_index_has_conflicts)
#define git_index_new (gitlib()->git_index_new)
#define git_index_open (gitlib()->git_index_open)
#define git_libgit2_init (gitlib()->git_libgit2_init)
#define git_libgit2_opts (gitlib()->git_libgit2_opts)
#define git_libgit2_shutdown (gitlib()->git_libgit2_shutdown)
#define git_mempack_new (gitlib()->git_mempack_new)
#define git_merge_base (gitlib()->git_merge_base)
#define git_object_free (gitlib()->git_object_free)
#define git_object_id (gitlib()->git_object_id)
#define git_object_peel (gitlib()->git_object_peel)
#define git_odb_add_backend (gitlib()->git_odb_add_backend)
#define git_odb_exists (gitlib()->git_odb_exists)
#define git_odb_free (gitlib()->git_odb_free)
#define git_odb_hash (gitlib()->git_odb_hash)
#define git_odb_read_header (gitlib()->git_odb_read_header)
#define git_oid_cpy (gitlib()->git_oid_cpy)
#define git_oid_fromraw (gitlib()->git_oid_fromraw)
#define git_oid_is_zero (gitlib()->git_oid_is_zero)
#define git_oid_tostr (gitlib()->git_oid_tostr)
#define git_patch_free (gitlib()->git_patch_free)
#define git_patch_from_diff (gitlib()->git_patch_from_diff)
#define git_patch_line_stats (gitlib()->git_patch_line_stats)
#define git_reference_free (gitlib()->git_reference_free)
#define git_reference_is_branch (gitlib()->git_reference_is_branch)
#define git_reference_name_to_id (gitlib()->git_reference_name_to_id)
#define git_reference_shorthand (gitlib()->git_reference_shorthand)
#define git_repository_commondir (gitlib()->git_repository_commondir)
#define git_repository_config (gitlib()->git_repository_config)
#define git_repository_config_snapshot (gitlib()->git_repository_config_snapshot)
#define git_repository_free (gitlib()->git_repository_free)
#define git_repository_head (gitlib()->git_repository_head)
#define git_repository_index (gitlib()->git_repository_index)
#define git_repository_is_worktree (gitlib()->git_repository_is_worktree)
#define git_repository_is_shallow (gitlib()->git_repository_is_shallow)
#define git_repository_mergehead_foreach (gitlib()->git_repository_mergehead_foreach)
#define git_repository_new (gitlib()->git_repository_new)
#define git_repository_odb (gitlib()->git_repository_odb)
#define git_repository_open_bare (gitlib()->git_repository_open_bare)
#define git_repository_open_ext (gitlib()->git_repository_open_ext)
#define git_repository_path (gitlib()->git_repository_path)
#define git_repository_set_index (gitlib()->git_repository_set_index)
#define git_repository_set_odb (gitlib()->git_repository_set_odb)
#define git_repository_set_workdir (gitlib()->git_repository_set_workdir)
#define git_repository_workdir (gitlib()->git_repository_workdir)
#define git_repository_is_bare (gitlib()->git_repository_is_bare)
#define git_revparse_single (gitlib()->git_revparse_single)
#define git_tree_entry_byindex (gitlib()->git_tree_entry_byindex)
#define git_tree_entry_byname (gitlib()->git_tree_entry_byname)
#define git_tree_entry_bypath (gitlib()->git_tree_entry_bypath)
#define git_tree_entry_filemode (gitlib()->git_tree_entry_filemode)
#define git_tree_entry_free (gitlib()->git_tree_entry_free)
#define git_tree_entry_id (gitlib()->git_tree_entry_id)
#define git_tree_entry_name (gitlib()->git_tree_entry_name)
#define git_tree_entry_type (gitlib()->git_tree_entry_type)
#define git_tree_entrycount (gitlib()->git_tree_entrycount)
#define git_tree_free (gitlib()->git_tree_free)
#define git_tree_id (gitlib()->git_tree_id)
#define git_tree_lookup (gitlib()->git_tree_lookup)
#endif

#endif
