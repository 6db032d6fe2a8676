//! The cluster manifests in `deploy/` are valid YAML and hold what a scheduler needs: an
//! Indexed Job whose every pod renders its own segment, and a join of the same count.

use serde_yaml::Value;
use std::path::Path;

fn manifest(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("read the manifest");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn args(job: &Value) -> Vec<String> {
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["command"][0], "export");
    container["args"]
        .as_sequence()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("a string argument").to_owned())
        .collect()
}

#[test]
fn the_kubernetes_jobs_split_and_join_the_same_export() {
    let export = manifest("kubernetes/export-segments.yaml");
    assert_eq!(export["apiVersion"], "batch/v1");
    assert_eq!(export["kind"], "Job");
    let spec = &export["spec"];
    assert_eq!(spec["completionMode"], "Indexed");
    let completions = spec["completions"].as_u64().expect("completions");
    assert!(spec["parallelism"].as_u64().expect("parallelism") <= completions);
    assert_eq!(spec["template"]["spec"]["restartPolicy"], "Never");
    let export_args = args(&export);
    let at = export_args
        .iter()
        .position(|a| a == "--segment")
        .expect("--segment");
    // The pod's index comes from JOB_COMPLETION_INDEX: only the count is given.
    assert_eq!(export_args[at + 1], completions.to_string());
    let container = &spec["template"]["spec"]["containers"][0];
    assert!(container["resources"]["requests"]["cpu"].is_string());
    assert!(container["resources"]["limits"]["memory"].is_string());
    let volume = &spec["template"]["spec"]["volumes"][0];
    assert_eq!(container["volumeMounts"][0]["name"], volume["name"]);
    assert!(volume["persistentVolumeClaim"]["claimName"].is_string());

    let join = manifest("kubernetes/join.yaml");
    assert_eq!(join["kind"], "Job");
    let join_args = args(&join);
    assert_eq!(join_args[0], "join");
    let at = join_args
        .iter()
        .position(|a| a == "--segments")
        .expect("--segments");
    assert_eq!(join_args[at + 1], completions.to_string());
    // Both jobs see the same scene on the same volume.
    assert_eq!(export_args[0], join_args[1]);
    assert_eq!(
        join["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"],
        volume["persistentVolumeClaim"]
    );
}

#[test]
fn the_slurm_script_renders_its_array_task_segment() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/slurm/export.sbatch");
    let script = std::fs::read_to_string(path).unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash"));
    assert!(script.contains("#SBATCH --cpus-per-task="));
    assert!(script.contains("--segment \"$segments\""));
    assert!(script.contains("--dependency=afterok"));
}
