//! The demo's FinOps data (pure data, exempt from the file-size rule): the SKUs of Northwind's
//! bill, the cloud accounts, each model's serving profile, the shared spend, the allocation rules
//! and the budgets.

use crate::finops::{Category, MatchOn};

use super::dates::MONTHS;

/// Month index of September 2026, when workloads moved to the shared serving platform.
pub(super) const PLATFORM_MONTH: usize = 10;
/// Demand seasonality per month index, per mille (holiday peak in December).
pub(super) const SEASON: [i64; MONTHS] = [
    1060, 1140, 980, 960, 990, 1000, 1000, 1000, 990, 1000, 1010, 1040,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cloud {
    Aws,
    Gcp,
}

/// A billable SKU and how its FOCUS columns look.
pub(super) struct Sku {
    pub(super) provider: &'static str,
    pub(super) service: &'static str,
    pub(super) service_category: &'static str,
    pub(super) sku_id: &'static str,
    pub(super) unit: &'static str,
    /// Unit price in ten-thousandths of a dollar; 0 when there is no consumed quantity.
    pub(super) price_e4: i64,
    /// Negotiated discount against list price, per mille.
    pub(super) discount_permille: i64,
    pub(super) charge_category: &'static str,
    /// Resource id with `{region}`, `{account}` and `{tag}` placeholders.
    pub(super) resource: &'static str,
}

/// An AWS usage SKU; Northwind's enterprise agreement takes 12% off list price.
const fn aws(
    service: &'static str,
    service_category: &'static str,
    sku_id: &'static str,
    unit: &'static str,
    price_e4: i64,
    resource: &'static str,
) -> Sku {
    Sku {
        provider: "AWS",
        service,
        service_category,
        sku_id,
        unit,
        price_e4,
        discount_permille: 120,
        charge_category: "Usage",
        resource,
    }
}

/// A Google Cloud usage SKU, billed at list price.
const fn gcp(
    service: &'static str,
    service_category: &'static str,
    sku_id: &'static str,
    unit: &'static str,
    price_e4: i64,
    resource: &'static str,
) -> Sku {
    Sku {
        provider: "Google Cloud",
        discount_permille: 0,
        ..aws(service, service_category, sku_id, unit, price_e4, resource)
    }
}

/// The SKUs Northwind's demo bill uses.
#[rustfmt::skip]
mod skus {
    use super::{aws, gcp, Sku};

    pub(in crate::demo) const AI_ML: &str = "AI and Machine Learning";

    pub(in crate::demo) const SM_HOSTING: Sku = aws("Amazon SageMaker", AI_ML, "SM-Hosting:ml.g5.xlarge", "Hours", 14_080, "arn:aws:sagemaker:{region}:{account}:endpoint/{tag}-prod");
    pub(in crate::demo) const SM_BATCH: Sku = aws("Amazon SageMaker", AI_ML, "SM-BatchTransform:ml.m5.4xlarge", "Hours", 9_220, "arn:aws:sagemaker:{region}:{account}:transform-job/{tag}-nightly");
    pub(in crate::demo) const EKS_GPU_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "BoxUsage:g5.2xlarge", "Hours", 12_120, "arn:aws:eks:{region}:{account}:nodegroup/nw-serving-prod/{tag}");
    pub(in crate::demo) const EKS_SPOT_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "SpotUsage:m6i.4xlarge", "Hours", 3_100, "arn:aws:eks:{region}:{account}:nodegroup/nw-batch-prod/{tag}");
    pub(in crate::demo) const SM_TRAINING: Sku = aws("Amazon SageMaker", AI_ML, "SM-Training:ml.g5.12xlarge", "Hours", 70_900, "arn:aws:sagemaker:{region}:{account}:training-job/{tag}");
    pub(in crate::demo) const SM_TRAINING_P4: Sku = aws("Amazon SageMaker", AI_ML, "SM-Training:ml.p4d.24xlarge", "Hours", 377_200, "arn:aws:sagemaker:{region}:{account}:training-job/{tag}");
    pub(in crate::demo) const S3: Sku = aws("Amazon Simple Storage Service", "Storage", "TimedStorage-ByteHrs", "GB-Mo", 230, "arn:aws:s3:::northwind-ml-{tag}");
    pub(in crate::demo) const VERTEX_PREDICTION: Sku = gcp("Vertex AI", AI_ML, "Vertex AI Prediction n1-standard-8", "Hours", 4_370, "projects/{account}/locations/{region}/endpoints/{tag}");
    pub(in crate::demo) const GKE_NODES: Sku = gcp("Compute Engine", "Compute", "N2 Instance Core running in Americas", "Hours", 3_880, "projects/{account}/zones/{region}-a/instances/gke-nw-serving-{tag}");
    pub(in crate::demo) const GCE_SPOT: Sku = gcp("Compute Engine", "Compute", "Spot Preemptible N2 Instance Core", "Hours", 940, "projects/{account}/zones/{region}-a/instances/{tag}-batch");
    pub(in crate::demo) const VERTEX_TRAINING: Sku = gcp("Vertex AI", AI_ML, "Vertex AI Training A2 highgpu 1g", "Hours", 44_100, "projects/{account}/locations/{region}/customJobs/{tag}");
    pub(in crate::demo) const GCS: Sku = gcp("Cloud Storage", "Storage", "Standard Storage US Multi-region", "GiB-Mo", 260, "projects/{account}/buckets/northwind-ml-{tag}");
    pub(in crate::demo) const BIGQUERY: Sku = gcp("BigQuery", "Analytics", "Analysis (on-demand)", "TiB", 62_500, "projects/{account}/datasets/{tag}");
    pub(in crate::demo) const DATAFLOW: Sku = gcp("Dataflow", "Analytics", "Dataflow vCPU Time Batch", "Hours", 560, "projects/{account}/locations/{region}/jobs/{tag}");
    pub(in crate::demo) const MSK: Sku = aws("Amazon Managed Streaming for Apache Kafka", "Analytics", "Kafka.m5.large", "Hours", 2_100, "arn:aws:kafka:{region}:{account}:cluster/{tag}");
    pub(in crate::demo) const DYNAMODB: Sku = aws("Amazon DynamoDB", "Databases", "PayPerRequestThroughput", "Million requests", 2_500, "arn:aws:dynamodb:{region}:{account}:table/{tag}");
    pub(in crate::demo) const EKS_CONTROL: Sku = aws("Amazon Elastic Kubernetes Service", "Compute", "AmazonEKS-Hours:perCluster", "Hours", 1_000, "arn:aws:eks:{region}:{account}:cluster/{tag}");
    pub(in crate::demo) const EKS_SYSTEM_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "BoxUsage:m6i.2xlarge", "Hours", 3_840, "arn:aws:eks:{region}:{account}:nodegroup/nw-serving-prod/{tag}");
    pub(in crate::demo) const CLOUDWATCH: Sku = aws("Amazon CloudWatch", "Management and Governance", "CW:MetricMonitorUsage", "Metrics", 3_000, "arn:aws:cloudwatch:{region}:{account}:dashboard/{tag}");
    pub(in crate::demo) const ELB: Sku = aws("Elastic Load Balancing", "Networking", "LoadBalancerUsage", "Hours", 225, "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{tag}/7f3a9c2e51d04b86");
    pub(in crate::demo) const CLOUDTRAIL: Sku = aws("AWS CloudTrail", "Management and Governance", "PaidEventsRecorded", "100K Events", 20_000, "arn:aws:cloudtrail:{region}:{account}:trail/{tag}");
    pub(in crate::demo) const NAT_GATEWAY: Sku = aws("Amazon Virtual Private Cloud", "Networking", "NatGateway-Bytes", "GB", 450, "arn:aws:ec2:{region}:{account}:natgateway/{tag}");
    pub(in crate::demo) const SUPPORT: Sku = Sku {
        discount_permille: 0,
        charge_category: "Purchase",
        ..aws("AWS Support (Business)", "Other", "AWSSupportBusiness", "", 0, "")
    };
}
pub(super) use skus::*;

/// team slug, AWS account, GCP project (the SubAccountId of its lines).
#[rustfmt::skip]
pub(super) const TEAM_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("search", "318420775106", ""),
    ("recs", "318420775214", ""),
    ("fraud", "529104338871", ""),
    ("forecasting", "", "nw-forecasting-prod"),
    ("platform", "771203094452", ""),
    ("data", "771203094460", "nw-data-platform"),
    ("sre", "771203094452", ""),
];
/// The shared serving platform runs in ML Platform's account.
pub(super) const PLATFORM_ACCOUNT: &str = "771203094452";
pub(super) const PAYER_ACCOUNT: &str = "104857392011";

/// cost tag, cloud, thousand inferences per month (November 2025), inference $ per 1k before the
/// platform (ten-thousandths), training runs per month, extra runs per month since the first,
/// $ per training run, storage TB, first month index.
pub(super) type ServingRow = (&'static str, Cloud, i64, i64, i64, i64, i64, i64, usize);

#[rustfmt::skip]
pub(super) const SERVING: &[ServingRow] = {
    use Cloud::*;
    &[
        ("search-ranker", Aws, 95_000, 7_800, 12, 0, 310, 40, 0),
        ("query-autocomplete", Aws, 70_000, 3_200, 8, 0, 90, 5, 0),
        ("query-embeddings", Aws, 20_000, 7_000, 6, 0, 520, 12, 0),
        ("spell-correct", Aws, 6_000, 4_500, 0, 0, 0, 1, 0),
        ("llm-reranker", Aws, 0, 0, 2, 2, 2_400, 8, 6),
        ("home-feed-recs", Aws, 80_000, 8_200, 16, 0, 420, 55, 0),
        ("similar-items", Aws, 45_000, 3_000, 4, 0, 150, 20, 0),
        ("email-recs", Aws, 12_000, 2_500, 4, 0, 70, 6, 0),
        ("session-recs", Aws, 18_000, 7_500, 8, 0, 380, 10, 0),
        ("card-fraud", Aws, 40_000, 6_600, 30, 0, 180, 35, 0),
        ("ato-detector", Aws, 22_000, 7_200, 8, 0, 240, 15, 0),
        ("chargeback-predictor", Aws, 3_000, 4_500, 4, 0, 110, 4, 0),
        ("merchant-risk-gnn", Aws, 0, 0, 3, 1, 900, 5, 8),
        ("demand-forecast", Gcp, 8_000, 5_500, 4, 0, 260, 30, 0),
        ("replenishment", Gcp, 5_000, 4_000, 4, 0, 120, 8, 0),
        ("delivery-eta", Gcp, 14_000, 6_000, 8, 0, 200, 6, 0),
        ("staffing-forecast", Gcp, 300, 4_000, 4, 0, 80, 1, 0),
        ("shared-embeddings", Aws, 55_000, 5_200, 4, 0, 650, 25, 0),
        ("dq-anomaly", Gcp, 1_500, 3_000, 30, 0, 40, 2, 0),
    ]
};

/// Spend that is not a model's: SKU, sub-account, region, resource, team and workload tags
/// ("" = untagged), $ per month at the start, $ added per month, first month index.
pub(super) type SharedRow = (
    &'static Sku,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    usize,
);

#[rustfmt::skip]
pub(super) const SHARED: &[SharedRow] = &[
    (&BIGQUERY, "nw-data-platform", "US", "features", "data", "data", 8_800, 260, 0),
    (&DATAFLOW, "nw-data-platform", "us-central1", "feature-backfill", "data", "data", 5_100, 110, 0),
    (&MSK, "771203094460", "us-east-1", "nw-events", "data", "data", 4_300, 0, 0),
    (&DYNAMODB, "771203094460", "us-east-1", "online-features", "data", "data", 2_700, 90, 0),
    (&EKS_CONTROL, PLATFORM_ACCOUNT, "us-east-1", "nw-serving-prod", "platform", "shared", 219, 0, 0),
    (&EKS_SYSTEM_NODES, PLATFORM_ACCOUNT, "us-east-1", "system", "platform", "shared", 3_900, 0, 9),
    (&ELB, PLATFORM_ACCOUNT, "us-east-1", "nw-inference", "platform", "shared", 1_850, 20, 0),
    (&CLOUDWATCH, PLATFORM_ACCOUNT, "us-east-1", "ml-slos", "sre", "shared", 2_500, 60, 0),
    (&SUPPORT, PAYER_ACCOUNT, "", "", "", "", 9_800, 150, 0),
    (&CLOUDTRAIL, PAYER_ACCOUNT, "us-east-1", "org-trail", "", "", 420, 0, 0),
    (&NAT_GATEWAY, "318420775106", "us-east-1", "nat-0a41c7d2e9b3f6a18", "", "", 1_300, 40, 0),
];

/// Allocation rules besides the per-model and per-team tag rules: priority, match on, tag key,
/// pattern, team slug ("" = the owner team of the line's model), category. The first matching
/// rule wins and, naming no model, takes the model from the line's `model` tag: so data-platform
/// services and observability come first, then workload tags (which carry model and team), then
/// fallbacks for untagged storage and the platform account.
#[rustfmt::skip]
pub(super) const ALLOCATION_RULES: &[(i64, MatchOn, &str, &str, &str, Category)] = {
    use Category::*;
    use MatchOn::*;
    &[
        (1, Service, "", BIGQUERY.service, "data", Data),
        (2, Service, "", DATAFLOW.service, "data", Data),
        (3, Service, "", MSK.service, "data", Data),
        (4, Service, "", DYNAMODB.service, "data", Data),
        (5, Service, "", CLOUDWATCH.service, "sre", Other),
        (10, Tag, "workload", "inference", "", Inference),
        (11, Tag, "workload", "training", "", Training),
        (12, Tag, "workload", "storage", "", Storage),
        (13, Tag, "workload", "data", "", Data),
        (14, Tag, "workload", "shared", "platform", Other),
        (20, Service, "", S3.service, "", Storage),
        (21, Service, "", GCS.service, "", Storage),
        (300, SubAccount, "", PLATFORM_ACCOUNT, "platform", Other),
    ]
};

/// Who a budget is for: one team (by slug) or one category across the org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BudgetFor {
    Team(&'static str),
    Category(Category),
}

/// The quarters that get budgets.
pub(super) const BUDGET_QUARTERS: [&str; 5] = [
    "FY2026-Q3",
    "FY2026-Q4",
    "FY2027-Q1",
    "FY2027-Q2",
    "FY2027-Q3",
];

/// Budget per mille of actual spend (past quarters) or of last month's run-rate (current and
/// next quarters), for each of `BUDGET_QUARTERS`. Search's current-quarter budget is below its
/// run-rate: the LLM re-ranker's GPU training put it over.
#[rustfmt::skip]
pub(super) const BUDGETS: &[(BudgetFor, [i64; 5])] = {
    use BudgetFor::*;
    &[
        (Team("search"), [1050, 1040, 960, 1060, 1080]),
        (Team("recs"), [1040, 1060, 1050, 1060, 1080]),
        (Team("fraud"), [1060, 1050, 1070, 1080, 1080]),
        (Team("forecasting"), [1080, 1060, 1050, 1060, 1060]),
        (Team("platform"), [1100, 1080, 1060, 1120, 1150]),
        (Team("data"), [1050, 1040, 1050, 1060, 1060]),
        (Team("sre"), [1100, 1100, 1080, 1080, 1080]),
        (BudgetFor::Category(crate::finops::Category::Inference), [1050, 1050, 1030, 1040, 1060]),
        (BudgetFor::Category(crate::finops::Category::Training), [1080, 1060, 1040, 1060, 1080]),
    ]
};
