#!/usr/bin/env python3
"""Writes a deterministic `terraform plan -no-color` text of about SIZE_MB megabytes.

Usage: gen_tfplan_text.py OUTPUT [SIZE_MB]   (default 100 MB, about 90,000 resource blocks)

The plan has the shapes of real plans: refresh lines, the 1.x intro and legend, creates,
in-place updates with `-` lines inside blocks, replacements with `# forces replacement`,
destroys, data source reads, module paths and for_each keys with spaces and brackets, a
summary line that agrees with the blocks, and output changes. No randomness: the same
arguments always give the same bytes.
"""
import sys

out_path = sys.argv[1]
target = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 100 * 1024 * 1024

add = change = destroy = 0
blocks = 0
parts = []
size = 0

def tags(symbol, i, closing=""):
    """A `tags_all` map of nine entries: real plans are mostly such attribute lines."""
    lines = [f"      {symbol} tags_all                        = {{\n"]
    for key in ("Name", "team", "cost-center", "environment", "owner", "repository", "managed-by", "service"):
        lines.append(f"          {symbol} \"{key}\" = \"{key}-value-{i % 97}-for-resource-{i}\"\n")
    lines.append(f"        }}{closing}\n")
    return "".join(lines)

def emit(text):
    global size
    parts.append(text)
    size += len(text)

for i in range(200):
    emit(f"module.app.aws_instance.web[{i}]: Refreshing state... [id=i-{i:017x}]\n")
emit("\nTerraform used the selected providers to generate the following execution plan. Resource actions are\n"
     "indicated with the following symbols:\n  + create\n  ~ update in-place\n  - destroy\n"
     "-/+ destroy and then create replacement\n <= read (data resources)\n\n"
     "Terraform will perform the following actions:\n")

i = 0
while size < target - 4096:
    kind = i % 10
    module = f'module.region["eu west {i % 7}"].module.net[{i % 3}]'
    if kind in (0, 1, 2, 3):
        addr = f'{module}.aws_subnet.private["az {i} [b]"]'
        emit(f"\n  # {addr} will be created\n  + resource \"aws_subnet\" \"private\" {{\n"
             f"      + arn                             = (known after apply)\n"
             f"      + assign_ipv6_address_on_creation = false\n"
             f"      + availability_zone               = \"eu-west-1{'abc'[i % 3]}\"\n"
             f"      + cidr_block                      = \"10.{i % 256}.{(i // 256) % 256}.0/24\"\n"
             f"      + id                              = (known after apply)\n"
             f"      + map_public_ip_on_launch         = false\n"
             f"      + owner_id                        = (known after apply)\n"
             f"      + tags                            = {{\n"
             f"          + \"Name\" = \"private-{i}\"\n"
             f"          + \"team\" = \"platform\"\n"
             f"        }}\n"
             f"      + vpc_id                          = \"vpc-{i:012x}\"\n" + tags("+", i) + "    }\n")
        add += 1
    elif kind in (4, 5, 6):
        addr = f"{module}.aws_security_group.sg[{i}]"
        emit(f"\n  # {addr} will be updated in-place\n  ~ resource \"aws_security_group\" \"sg\" {{\n"
             f"        id                     = \"sg-{i:017x}\"\n"
             f"      ~ ingress                = [\n"
             f"          - {{\n"
             f"              - cidr_blocks      = [\n"
             f"                  - \"10.0.0.0/8\",\n"
             f"                ]\n"
             f"              - description      = \"old rule {i}\"\n"
             f"              - from_port        = 22\n"
             f"              - protocol         = \"tcp\"\n"
             f"              - to_port          = 22\n"
             f"            }},\n"
             f"        ]\n"
             f"        name                   = \"sg-{i}\"\n"
             f"        # (7 unchanged attributes hidden)\n" + tags("~", i) + "    }\n")
        change += 1
    elif kind == 7:
        addr = f"aws_instance.app[{i}]"
        emit(f"\n  # {addr} must be replaced\n-/+ resource \"aws_instance\" \"app\" {{\n"
             f"      ~ ami                          = \"ami-{i:08x}\" -> \"ami-{i + 1:08x}\" # forces replacement\n"
             f"      ~ arn                          = \"arn:aws:ec2:eu-west-1:123456789012:instance/i-{i:017x}\" -> (known after apply)\n"
             f"      ~ id                           = \"i-{i:017x}\" -> (known after apply)\n"
             f"      ~ private_ip                   = \"10.0.{i % 256}.{i % 200}\" -> (known after apply)\n"
             f"      ~ root_block_device {{\n"
             f"          ~ volume_size = 8 -> 16 # forces replacement\n"
             f"        }}\n"
             f"        # (12 unchanged attributes hidden)\n" + tags("~", i) + "    }\n")
        add += 1
        destroy += 1
    elif kind == 8:
        addr = f"aws_s3_bucket.old[\"logs {i}\"]"
        emit(f"\n  # {addr} will be destroyed\n  # (because key [\"logs {i}\"] is not in for_each map)\n"
             f"  - resource \"aws_s3_bucket\" \"old\" {{\n"
             f"      - arn    = \"arn:aws:s3:::logs-{i}\" -> null\n"
             f"      - bucket = \"logs-{i}\" -> null\n"
             f"      - id     = \"logs-{i}\" -> null\n"
             f"      - tags   = {{\n"
             f"          - \"team\" = \"platform\"\n"
             f"        }} -> null\n" + tags("-", i, " -> null") + "    }\n")
        destroy += 1
    else:
        addr = f"{module}.data.aws_iam_policy_document.doc[{i}]"
        emit(f"\n  # {addr} will be read during apply\n  # (config refers to values not yet known)\n"
             f" <= data \"aws_iam_policy_document\" \"doc\" {{\n"
             f"      + id   = (known after apply)\n"
             f"      + json = (known after apply)\n\n"
             f"      + statement {{\n"
             f"          + actions   = [\n"
             f"              + \"s3:GetObject\",\n"
             f"            ]\n"
             f"          + resources = [\n"
             f"              + (known after apply),\n"
             f"            ]\n"
             f"        }}\n" + tags("+", i) + "    }\n")
    blocks += 1
    i += 1

emit(f"\nPlan: {add} to add, {change} to change, {destroy} to destroy.\n\nChanges to Outputs:\n"
     "  ~ subnet_ids = (known after apply)\n  + db_password = (sensitive value)\n\n"
     + "─" * 77 + "\n\nNote: You didn't use the -out option to save this plan, so Terraform can't guarantee to take exactly\n"
     "these actions if you run \"terraform apply\" now.\n")

with open(out_path, "w", encoding="utf-8") as f:
    f.write("".join(parts))
print(f"{out_path}: {blocks} resource blocks, Plan: {add} to add, {change} to change, {destroy} to destroy.", file=sys.stderr)
