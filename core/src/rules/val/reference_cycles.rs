//! VAL022: references between resources and locals form no cycle.

use crate::model::{base_address, Model};
use crate::rules::prelude::*;
use crate::validate::locate;
use std::collections::{HashMap, HashSet};

declare_control! {
    /// References between resources, data sources and locals form no cycle.
    ///
    /// ## Why it matters
    /// Terraform orders its work by references: a resource is created
    /// after everything it refers to. When two resources refer to each
    /// other (two security groups whose inline `ingress` rules name each
    /// other's `id`), or a resource refers to itself by address instead of
    /// `self`, there is no order: `terraform plan` stops with "Error:
    /// Cycle: …" and nothing can be deployed.
    ///
    /// ## Remediation
    /// Break the cycle: move the rules that point at each other into
    /// separate rule resources, which depend on both groups.
    ///
    /// ```hcl
    /// resource "aws_security_group" "app" {
    ///   name   = "app"
    ///   vpc_id = var.vpc_id
    /// }
    ///
    /// resource "aws_security_group" "db" {
    ///   name   = "db"
    ///   vpc_id = var.vpc_id
    /// }
    ///
    /// resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
    ///   security_group_id            = aws_security_group.db.id
    ///   referenced_security_group_id = aws_security_group.app.id
    ///   from_port                    = 5432
    ///   to_port                      = 5432
    ///   ip_protocol                  = "tcp"
    /// }
    /// ```
    pub CONTROL {
        id: "VAL022",
        slug: "reference-cycles",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: Resource Dependencies (implicit dependencies from references)",
            "AWS provider documentation: aws_security_group (rules referencing each other: use separate rule resources)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_security_group" "db" {
  name = "db"

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  tags          = { Name = "web" }

  provisioner "local-exec" {
    command = "echo ${self.private_ip}"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_security_group" "app" {
  name = "app"

  egress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.db.id] # expect: fail
  }
}

resource "aws_security_group" "db" {
  name = "db"

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

locals {
  a = local.b # expect: fail
  b = local.a
}

resource "aws_s3_bucket" "self" {
  bucket = "example"
  tags   = { Name = aws_s3_bucket.self.bucket } # expect: fail
}
"#,
        ],
        check,
    }
}

/// A node of the graph: a resource or data source, or a local.
struct Node<'m> {
    address: String,
    resource: Option<&'m Resource>,
    /// The local's value (its header for reports).
    local: Option<&'m Attribute>,
    /// Targets with the attribute and reference that make each edge.
    edges: Vec<(usize, &'m Attribute, &'m str)>,
}

/// Attributes of a body that make dependencies (`ignore_changes` names the
/// resource's own arguments).
fn dependency_attributes<'m>(body: &'m Body, out: &mut Vec<&'m Attribute>, in_lifecycle: bool) {
    for attr in &body.attributes {
        if !(in_lifecycle && attr.name == "ignore_changes") {
            out.push(attr);
        }
    }
    for block in &body.blocks {
        dependency_attributes(
            &block.body,
            out,
            block.kind == "lifecycle" && !block.dynamic,
        );
    }
}

/// The nodes of one module with their edges.
fn module_graph<'m>(model: &'m Model, module: usize, resources: &[&'m Resource]) -> Vec<Node<'m>> {
    let mut nodes: Vec<Node<'m>> = Vec::new();
    let mut attrs_of: Vec<Vec<&'m Attribute>> = Vec::new();
    for resource in resources {
        let mut attrs = Vec::new();
        dependency_attributes(resource.body(), &mut attrs, false);
        nodes.push(Node {
            address: resource.address(),
            resource: Some(resource),
            local: None,
            edges: Vec::new(),
        });
        attrs_of.push(attrs);
    }
    if let Some(m) = model.modules.get(module) {
        for local in &m.locals {
            nodes.push(Node {
                address: format!("local.{}", local.name),
                resource: None,
                local: Some(&local.attribute),
                edges: Vec::new(),
            });
            attrs_of.push(vec![&local.attribute]);
        }
    }
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.address.as_str(), i))
        .collect();
    let mut edges: Vec<Vec<(usize, &'m Attribute, &'m str)>> = vec![Vec::new(); nodes.len()];
    for (from, attrs) in attrs_of.iter().enumerate() {
        let mut seen: HashSet<usize> = HashSet::new();
        for attr in attrs {
            for reference in &attr.references {
                let base = base_address(reference);
                if let Some(&to) = index.get(base.as_str()) {
                    if seen.insert(to) {
                        edges[from].push((to, attr, reference.as_str()));
                    }
                }
            }
        }
    }
    for (node, e) in nodes.iter_mut().zip(edges) {
        node.edges = e;
    }
    nodes
}

/// Strongly connected components (Tarjan's algorithm, iterative).
fn components(nodes: &[Node<'_>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = nodes.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut position)) = work.last_mut() {
            if let Some(&(w, _, _)) = nodes[v].edges.get(*position) {
                *position += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// A cycle through `start` inside a component: the path of nodes back to
/// `start` (breadth-first, so the shortest).
fn cycle_through(nodes: &[Node<'_>], members: &[bool], start: usize) -> Vec<usize> {
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &(w, _, _) in &nodes[v].edges {
            if !members[w] {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = previous[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = previous.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    let mut by_module: Vec<Vec<&Resource>> = vec![Vec::new(); model.modules.len()];
    for resource in model.written_resources() {
        if let Some(list) = by_module.get_mut(resource.module) {
            list.push(resource);
        }
    }
    let mut judged = 0;
    let mut cycles = 0;
    for (module, resources) in by_module.iter().enumerate() {
        let nodes = module_graph(model, module, resources);
        judged += nodes.len();
        let mut members = vec![false; nodes.len()];
        for component in components(&nodes) {
            let looped = match component.as_slice() {
                [single] => nodes[*single].edges.iter().any(|(t, _, _)| t == single),
                _ => true,
            };
            if !looped {
                continue;
            }
            for &m in &component {
                members[m] = true;
            }
            // Reported at the member declared first.
            let start = component.iter().copied().min().unwrap_or(0);
            let path = cycle_through(&nodes, &members, start);
            for &m in &component {
                members[m] = false;
            }
            let next = path.get(1).copied().unwrap_or(start);
            let Some(&(_, attr, reference)) =
                nodes[start].edges.iter().find(|(t, _, _)| *t == next)
            else {
                continue;
            };
            let names: Vec<&str> = path
                .iter()
                .chain(std::iter::once(&start))
                .map(|&i| nodes[i].address.as_str())
                .collect();
            let message = if path.len() == 1 {
                format!(
                    "`{}` refers to itself (`{reference}`): use `self` where allowed, or another resource",
                    names[0]
                )
            } else {
                format!("reference cycle: {}", names.join(" → "))
            };
            let at = locate::name_in(model, &attr.span, reference);
            cycles += 1;
            let node = &nodes[start];
            let verdict = match (node.resource, node.local) {
                (Some(resource), _) => out.fail(resource, &at, message),
                (None, Some(local)) => out.named(
                    Outcome::Fail,
                    node.address.clone(),
                    &local.span,
                    &at,
                    message,
                ),
                (None, None) => continue,
            };
            for &i in path.iter().skip(1) {
                if let Some(resource) = nodes[i].resource {
                    verdict.involving(resource);
                }
            }
        }
    }
    if judged > 0 && cycles == 0 {
        out.stack(
            Outcome::Pass,
            "references between resources and locals form no cycle",
        );
    }
}
