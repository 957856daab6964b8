//! ENC013: internet-facing load balancers serve HTTPS with TLS 1.2+ only.

use crate::rules::prelude::*;

declare_control! {
    /// Internet-facing load balancers serve HTTPS with a TLS 1.2+ policy, and HTTP only redirects.
    ///
    /// ## Why it matters
    /// An internet-facing load balancer is where user traffic crosses the
    /// public internet. A listener on plain HTTP that forwards requests
    /// sends credentials, cookies and data in clear text; an HTTPS listener
    /// with an old security policy (the provider default
    /// `ELBSecurityPolicy-2016-08` still accepts TLS 1.0 and 1.1) allows
    /// protocol downgrades to broken ciphers. The listener must use HTTPS
    /// with a TLS 1.2+ policy, and a port-80 listener may only redirect to
    /// HTTPS so that users typing `http://` still end up encrypted. Classic
    /// Load Balancers (`aws_elb`) must terminate only HTTPS/SSL listeners
    /// with a certificate, since they cannot redirect.
    ///
    /// ## Remediation
    /// Serve HTTPS with a current policy and redirect HTTP:
    ///
    /// ```hcl
    /// resource "aws_lb_listener" "https" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 443
    ///   protocol          = "HTTPS"
    ///   ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    ///   certificate_arn   = aws_acm_certificate.web.arn
    ///   default_action {
    ///     type             = "forward"
    ///     target_group_arn = aws_lb_target_group.web.arn
    ///   }
    /// }
    ///
    /// resource "aws_lb_listener" "http" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///   default_action {
    ///     type = "redirect"
    ///     redirect {
    ///       port        = "443"
    ///       protocol    = "HTTPS"
    ///       status_code = "HTTP_301"
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC013",
        slug: "alb-https-only",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_lb", "aws_alb", "aws_elb"]),
        references: &[
            "Elastic Load Balancing, Application Load Balancers: Security policies for your Application Load Balancer",
            "Elastic Load Balancing, Application Load Balancers: Listener rules (redirect actions)",
            "AWS Security Hub: [ELB.1] Application Load Balancer should be configured to redirect all HTTP requests to HTTPS",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_2").partial(),
            Peer::checkov("CKV_AWS_103").partial(),
            Peer::checkov("CKV2_AWS_20").partial(),
            Peer::checkov("CKV_AWS_376").partial(),
            Peer::trivy("AVD-AWS-0054", "aws-elb-http-not-used").partial(),
            Peer::trivy("AVD-AWS-0047", "aws-elb-use-secure-tls-policy").partial(),
            Peer::kics("ALB Listening On HTTP").partial(),
        ],
        good: &[
            r#"
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-aaaa1111", "subnet-bbbb2222"]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abcd"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
"#,
            r#"
resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a"]
  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
  }
}
"#,
        ],
        bad: &[
            // HTTP only, forwarding.
            r#"
resource "aws_lb" "web" { # expect: fail
  name    = "web"
  subnets = ["subnet-aaaa1111", "subnet-bbbb2222"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP" # expect: fail
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abcd"
  }
}
"#,
            // HTTPS with the provider's default (TLS 1.0) policy.
            r#"
resource "aws_alb" "web" {
  name = "web"
}

resource "aws_alb_listener" "https" { # expect: fail
  load_balancer_arn = aws_alb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abcd"
  }
}
"#,
            r#"
resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" # expect: fail
  }
}
"#,
            r#"
variable "ssl_policy" {
  type = string
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy # expect: unknown
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abcd"
  }
}
"#,
        ],
        check,
    }
}

/// ELB security policies that allow only TLS 1.2 and later.
fn is_tls12_policy(v: &Value) -> Option<bool> {
    let name = v.as_str()?.to_ascii_uppercase();
    Some(
        name.contains("TLS-1-2")
            || name.contains("TLS13")
            || name.contains("FS-1-2")
            || name.contains("TLS-1-3"),
    )
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for lb in cx.resources() {
        if lb.resource_type == "aws_elb" {
            check_classic(lb, out);
            continue;
        }
        match internet_facing_alb(lb) {
            (Judgement::Violated, _) => continue,
            (Judgement::Unknown, Some(attr)) => {
                out.unknown(
                    lb,
                    &attr.span,
                    format!(
                        "{}, so whether it is an internet-facing ALB",
                        why_unknown(attr)
                    ),
                );
                continue;
            }
            _ => {}
        }
        let mut https_ok = false;
        let mut https_seen = false;
        let mut problems = 0;
        for listener in listeners_of(cx.model, lb) {
            let body = listener.body();
            let protocol = match setting(body, "protocol", one_of(&["HTTPS"])) {
                Setting::Holds(_) => "HTTPS",
                // HTTP is the default protocol of an ALB listener.
                Setting::Absent | Setting::Violated(_) => "HTTP",
                Setting::Unknown(attr) => {
                    problems += 1;
                    out.unknown(listener, &attr.span, why_unknown(attr))
                        .involving(lb);
                    continue;
                }
            };
            if protocol == "HTTPS" {
                https_seen = true;
                match setting(body, "ssl_policy", is_tls12_policy) {
                    Setting::Holds(_) => https_ok = true,
                    Setting::Absent => {
                        problems += 1;
                        out.missing(listener, "HTTPS listener without `ssl_policy`: the default `ELBSecurityPolicy-2016-08` allows TLS 1.0")
                            .involving(lb);
                    }
                    Setting::Violated(attr) => {
                        problems += 1;
                        out.fail(
                            listener,
                            &attr.span,
                            "`ssl_policy` allows TLS versions before 1.2",
                        )
                        .involving(lb);
                    }
                    Setting::Unknown(attr) => {
                        problems += 1;
                        out.unknown(listener, &attr.span, why_unknown(attr))
                            .involving(lb);
                    }
                }
                continue;
            }
            // HTTP: only a redirect to HTTPS is acceptable.
            let at = body
                .attr("protocol")
                .map_or(&listener.block.span, |a| &a.span);
            match redirects_to_https(body) {
                Judgement::Holds => {}
                Judgement::Violated => {
                    problems += 1;
                    out.fail(listener, at, "HTTP listener does not redirect to HTTPS")
                        .involving(lb);
                }
                Judgement::Unknown => {
                    problems += 1;
                    out.unknown(
                        listener,
                        at,
                        "the HTTP listener's default action cannot be evaluated statically",
                    )
                    .involving(lb);
                }
            }
        }
        if !https_seen {
            problems += 1;
            out.missing(
                lb,
                "internet-facing load balancer without an HTTPS listener",
            );
        }
        if problems == 0 && https_ok {
            out.pass(lb, "HTTPS with a TLS 1.2+ policy; HTTP redirects");
        }
    }
}

/// Whether a listener's default action redirects to HTTPS.
fn redirects_to_https(body: &Body) -> Judgement {
    let mut unknown = false;
    for action in body.blocks("default_action") {
        if action.dynamic {
            unknown = true;
            continue;
        }
        match setting(&action.body, "type", one_of(&["redirect"])) {
            Setting::Holds(_) => {}
            Setting::Unknown(_) => {
                unknown = true;
                continue;
            }
            Setting::Absent | Setting::Violated(_) => continue,
        }
        for redirect in action.body.blocks("redirect") {
            match setting(&redirect.body, "protocol", one_of(&["HTTPS"])) {
                Setting::Holds(_) => return Judgement::Holds,
                Setting::Unknown(_) => unknown = true,
                // The default `#{protocol}` keeps HTTP.
                Setting::Absent | Setting::Violated(_) => {}
            }
        }
    }
    if unknown {
        Judgement::Unknown
    } else {
        Judgement::Violated
    }
}

/// Classic Load Balancers: every listener terminates HTTPS/SSL with a
/// certificate.
fn check_classic(lb: &Resource, out: &mut Verdicts) {
    match internet_facing(lb) {
        (Judgement::Violated, _) => return,
        (Judgement::Unknown, Some(attr)) => {
            out.unknown(lb, &attr.span, why_unknown(attr));
            return;
        }
        _ => {}
    }
    let mut problems = 0;
    for listener in lb.body().blocks("listener") {
        let body = &listener.body;
        match setting(body, "lb_protocol", one_of(&["https", "ssl"])) {
            Setting::Holds(_) => match setting(body, "ssl_certificate_id", non_empty_string) {
                Setting::Holds(_) => {}
                Setting::Absent => {
                    problems += 1;
                    out.fail(
                        lb,
                        &listener.span,
                        "HTTPS/SSL listener without `ssl_certificate_id`",
                    );
                }
                Setting::Violated(attr) => {
                    problems += 1;
                    out.fail(lb, &attr.span, "`ssl_certificate_id` is empty");
                }
                Setting::Unknown(_) => {}
            },
            Setting::Absent => {
                problems += 1;
                out.fail(lb, &listener.span, "listener without `lb_protocol`");
            }
            Setting::Violated(attr) => {
                problems += 1;
                out.fail(
                    lb,
                    &attr.span,
                    "listener accepts unencrypted traffic (`lb_protocol` is not HTTPS or SSL)",
                );
            }
            Setting::Unknown(attr) => {
                problems += 1;
                out.unknown(lb, &attr.span, why_unknown(attr));
            }
        }
    }
    if problems == 0 {
        out.pass(lb, "every listener terminates HTTPS/SSL");
    }
}
