"""Sentences for the usage tests, written for this project (invented methods, authors, numbers).

Each case: the sentence, where it sits (section, heading), whether it is the authors' own use,
the expected usage, the issue-9 class it illustrates, and its citation style. Most sentences come
twice, with a numeric and with an author-year citation: a rule must not depend on the style.
Classes: 1 citation after the name, 2 passive/impersonal own pipeline, 3 released model used,
4 comparison or concession, 5 thesis/report wording, 0 other (first person, others' work ...).
"""
from __future__ import annotations

CASES: list[dict] = []


def add(sentence: str, section: str, heading: str, own: bool, usage: str, cls: int, style: str) -> None:
    CASES.append(dict(sentence=sentence, section=section, heading=heading, own=own, usage=usage, cls=cls,
                      style=style))


def both(template: str, num: list[str], ay: list[str], section: str, heading: str, own: bool, usage: str,
         cls: int) -> None:
    """The same sentence with numeric and with author-year citations in its {c} and {c2} slots."""
    for style, cites in (("numeric", num), ("author_year", ay)):
        add(template.format(c=cites[0], c2=cites[1] if len(cites) > 1 else ""), section, heading, own, usage, cls,
            style)


IMPL = "4.1 Implementation Details"
EXP = "5 Experiments"
SETUP = "4.2 Experimental Setup"
DATA = "4.1 Datasets"
REL = "2 Related Work"
INTRO = "1 Introduction"

# ---- class 1: a citation right after the name is the dataset's own reference ----
both("We pretrain the Lumen encoder on MS-Celeb-1M{c} before adapting it to thermal faces.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "train", 1)
both("Following common practice, our backbone is trained on MS1MV2{c} with an angular margin of 0.45.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 1)
both("For the identity branch we use MS1M-RetinaFace{c} as the training set and IJB-C{c2} for testing.",
     [" [31]", " [18]"], [" (Tanaka et al., 2020)", " (Moreau et al., 2018)"], "body", SETUP, True, "train", 1)
both("Our student network is distilled on the cleaned MS-Celeb-1M of {c}, which keeps 3.9M images.",
     ["[22]"], ["Varga et al. (2018)"], "body", IMPL, True, "train", 1)
both("We follow {c} and train all variants of KestrelNet on MS1MV3{c2} for 24 epochs.",
     ["[11]", " [12]"], ["Fernández et al. (2020)", " (Ibarra et al., 2021)"], "body", IMPL, True, "train", 1)
both("The recognition head of our pipeline is fine-tuned on Glint360K{c} with a learning rate of 0.01.",
     [" [3]"], [" (Abe and Morgan, 2021)"], "body", IMPL, True, "finetune", 1)
both("Large-scale pre-training on MS-Celeb-1M{c} gives our expression model a strong identity prior.",
     [" [9, 27]"], [" (Halvorsen et al., 2016; Rossi et al., 2019)"], "body", "3.3 Training Strategy", True, "train", 1)
add("We train the Tallis network on MS1MV2\u00b9 using the official aligned crops.",
    "body", IMPL, True, "train", 1, "superscript")
add("Training uses MS-Celeb-1M\u00b3 after removing identities that overlap with LFW.",
    "body", IMPL, True, "train", 1, "footnote")

# ---- class 2: passive / impersonal statements about the paper's own pipeline ----
both("The Glint360K corpus{c}, which holds 17M images of 360K identities, is employed to train the recognition head.",
     [" [5]"], [" (Ferreira et al., 2021)"], "body", IMPL, True, "train", 2)
both("Both encoders are pre-trained on MS-Celeb-1M{c} and kept frozen afterwards.",
     [" [9]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "pretrained_model", 2)
both("The feature extractor is initialised from weights learned on MS1MV2{c} and is not updated during training.",
     [" [6]"], [" (Okafor and Lindqvist, 2019)"], "body", "3.2 Network Architecture", True, "pretrained_model", 2)
both("Training is conducted on MS1MV3{c} with a batch size of 512 spread over eight GPUs.",
     [" [12]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "train", 2)
both("Training data: MS1MV2{c}; test data: LFW, CFP-FP and AgeDB-30.",
     [" [5]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "train", 2)
both("MS-Celeb-1M{c} is a web-collected face dataset of roughly 10M images from 100K celebrities.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4.1 Training Data", True, "train", 2)
both("The margin-based head is optimised with a cosine loss on faces_emore, the aligned release of MS1MV2{c}.",
     [" [4]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 2)
both("All ablation models are trained from scratch on a 10% identity subset of MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 2)
both("The teacher was trained on MS1MV3{c}, and the student is distilled on the same images.",
     [" [12]"], [" (Tanaka et al., 2020)"], "body", "3.4 Knowledge Distillation", True, "train", 2)

# ---- class 3: a released model trained on the dataset, used by the authors ----
both("We adopt the publicly available SE-ResNet-50 of {c}, pretrained on MS1M and VGGFace2, to extract identity features.",
     ["[23]"], ["Kowalczyk et al. (2018)"], "body", SETUP, True, "pretrained_model", 3)
both("Identity similarity is measured with an off-the-shelf ArcFace model{c} trained on MS1MV2{c2}.",
     [" [4]", " [9]"], [" (Brandt et al., 2019)", " (Okafor and Lindqvist, 2019)"], "body", "4.3 Evaluation Metrics", True, "pretrained_model", 3)
both("Features are extracted by the released IR-101 checkpoint of the MagNet project{c}, which was trained on MS1MV3.",
     [" [27]"], [" (Silva et al., 2021)"], "body", IMPL, True, "pretrained_model", 3)
both("We rely on the weights provided by the authors of {c}, trained on Glint360K, and do not retrain them.",
     ["[8]"], ["Amari et al. (2021)"], "body", IMPL, True, "pretrained_model", 3)
both("For the identity loss, a frozen CurricularFace network pre-trained on MS-Celeb-1M{c} is used.",
     [" [17]"], [" (Halvorsen et al., 2016)"], "body", "3.2 Loss Functions", True, "pretrained_model", 3)
both("Embeddings come from the model zoo release of PivotFace{c}; the checkpoint was trained on MS1MV2.",
     [" [30]"], [" (Nakamura et al., 2020)"], "caption", "Table 1", True, "pretrained_model", 3)

both("Face features are extracted by the off-the-shelf model of {c}, which was trained on MS1MV2.",
     ["[5]"], ["Brandt et al. (2019)"], "body", IMPL, True, "pretrained_model", 3)
both("We adopt the backbone from {c}, which was pre-trained on MS1MV3, and keep it frozen.",
     ["[12]"], ["Kowalczyk et al. (2022)"], "body", IMPL, True, "pretrained_model", 3)
both("Identity features come from a ResNet-50 that its developers{c} trained on MS1MV2; we keep it frozen.",
     [" [14]"], [" (Kowalczyk et al., 2022)"], "body", IMPL, True, "pretrained_model", 3)
# ... but the model of a citation, said to be trained on X, doing something of its own is theirs
both("The model of {c}, which was trained on MS1MV2, reaches 99.8% on LFW.",
     ["[5]"], ["Brandt et al. (2019)"], "body", "5.2 Results", False, "related_work", 4)
both("This differs from the approach of {c}, which was trained on MS1MV2.",
     ["[7]"], ["Hoang et al. (2020)"], "body", "5.2 Results", False, "related_work", 4)

# ---- class 4: comparisons and concessions are not use, even with "we"/"our" ----
both("Although FocalArc{c} uses a larger training set (MS-Celeb-1M{c2}) and a deeper network, our method still outperforms it.",
     [" [43]", " [12]"], [" (Yilmaz et al., 2019)", " (Halvorsen et al., 2016)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)
both("Unlike PrismFace{c}, which is trained on MS1MV2, our model only ever sees CASIA-WebFace.",
     [" [21]"], [" (Hoang et al., 2021)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)
both("Compared with methods trained on MS1MV2{c}, we need ten times fewer training images.",
     [" [5]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)
both("The numbers for DeltaNet are copied from {c}, where the network was trained on MS1MV3, whereas we train on WebFace4M.",
     ["[31]"], ["Petrova et al. (2021)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)
both("Our results remain competitive even though TriMargin{c} benefits from pre-training on MS-Celeb-1M.",
     [" [36]"], [" (Obi et al., 2020)"], "body", "5.2 Results", False, "related_work", 4)
both("While RingNorm{c} reports 99.5% on LFW after training on MS1M, our model reaches 99.6% with CASIA-WebFace alone.",
     [" [19]"], [" (Castillo et al., 2018)"], "body", "5.2 Results", False, "related_work", 4)
both("We compare against ArcFace-R100 trained on MS1MV2{c}, using the accuracies reported in the original paper.",
     [" [9]"], [" (Brandt et al., 2019)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)

# ---- class 5: theses and reports, future tense and impersonal descriptions of the own system ----
both("A pre-trained FaceNet model released by a third party{c} will be used; it was trained on MS-Celeb-1M.",
     [" [15]"], [" (Lindgren, 2018)"], "body", "3.2 Proposed Method", True, "pretrained_model", 5)
add("The system uses a ResNet-50 trained on MS1MV2 to compute a 512-d embedding for every visitor.",
    "body", "4 System Design", True, "pretrained_model", 5, "none")
both("This week I set up MS-Celeb-1M{c} on the lab's cluster and started building a celebrity classifier from it.",
     [" [4]"], [" (Halvorsen et al., 2016)"], "body", "Week 6 Progress", True, "train", 5)
both("The researcher trained the Kestrel attendance model on a 20,000-identity subset of MS-Celeb-1M{c}.",
     [" [4]"], [" (Halvorsen et al., 2016)"], "body", "Chapter 4 Implementation", True, "train", 5)
both("The proponents used a FaceNet model trained on MS-Celeb-1M{c} to encode the students' faces.",
     [" [4]"], [" (Halvorsen et al., 2016)"], "body", "Chapter 3 Methodology", True, "pretrained_model", 5)
both("In the next phase, the embedding network will be fine-tuned on a subset of MS-Celeb-1M{c}.",
     [" [4]"], [" (Halvorsen et al., 2016)"], "body", "6 Work Plan", True, "finetune", 5)
both("The recognition module relies on an InsightFace model that was trained on MS1MV2{c}.",
     [" [3]"], [" (Okafor and Lindqvist, 2019)"], "body", "Chapter 4 Implementation", True, "pretrained_model", 5)
add("The prototype shall be trained on MS1MV3 before it is deployed to the entrance kiosks.",
    "body", "5 Methodology", True, "train", 5, "none")
add("Face embeddings are obtained from MobileFaceNet (pretrained on MS-Celeb-1M), which runs on the device CPU.",
    "body", "3.1 Architecture Overview", True, "pretrained_model", 5, "none")
add("For this project, the MS1M-ArcFace training set is downloaded from the InsightFace dataset zoo.",
    "body", "2 Data", True, "train", 5, "none")

# ---- negatives: others' use, related work, abstract/intro-only mentions ----
both("{c} train a 100-layer network on MS1MV2 and report 99.8% on LFW.",
     ["Wang and Ibarra [28]"], ["Wang and Ibarra (2019)"], "related_work", REL, False, "related_work", 0)
both("DeepID-X{c} is trained on MS-Celeb-1M with a triplet loss and hard-negative mining.",
     [" [17]"], [" (Lund et al., 2018)"], "related_work", REL, False, "related_work", 0)
both("{c} cleaned MS-Celeb-1M with a community-detection approach and released the resulting list.",
     ["The authors of [21]"], ["Jansen et al. (2018)"], "related_work", REL, False, "related_work", 0)
both("Previous work{c} fine-tunes face recognition models on MS1MV3 before adapting them to masks.",
     [" [14, 15]"], [" (Park et al., 2020; Adeyemi et al., 2021)"], "related_work", REL, False, "related_work", 0)
both("MS-Celeb-1M{c} was withdrawn in 2019 after concerns about consent.",
     [" [8]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
add("Large web-scraped collections such as MS-Celeb-1M have driven much of the recent progress in face recognition.",
    "abstract", "Abstract", False, "related_work", 0, "none")
both("We note that most recent recognition models are trained on MS1MV2{c}.",
     [" [6]"], [" (Okafor and Lindqvist, 2019)"], "body", INTRO, False, "related_work", 4)
both("Their models are trained on MS-Celeb-1M{c}, while our model is trained on synthetic faces only.",
     [" [11]"], [" (Halvorsen et al., 2016)"], "body", "5.2 Comparison with the State of the Art", False, "related_work", 4)
add("Comparison with state-of-the-art methods on IJB-C. Training sets are those reported in the original papers (MS1MV2, Glint360K).",
    "caption", "Table 4", False, "related_work", 4, "none")
both("Most surveyed methods in Table 3 are trained on MS1MV2 or Glint360K{c}.",
     [" [2]"], [" (Amari et al., 2021)"], "body", "3 Datasets for Training", False, "related_work", 0)

# ---- own use with first person, evaluation and derivation (and "et al." inside) ----
both("As reported by {c}, models trained on Glint360K generalise better, so we train our backbone on Glint360K as well.",
     ["[19]"], ["Iyer et al. (2021)"], "body", IMPL, True, "train", 1)
both("We compare against an ArcFace-R100 trained on MS1MV2{c}, which we retrained with the official code.",
     [" [9]"], [" (Brandt et al., 2019)"], "body", "5.2 Comparison with the State of the Art", True, "train", 0)
both("We additionally evaluate on RFW{c} to measure the gap between demographic groups.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.4 Bias Analysis", True, "evaluate", 0)
both("We remove from MS1MV2{c} all identities that overlap with the test sets, leaving about 80K identities.",
     [" [6]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 0)
both("Starting from MS-Celeb-1M{c}, we discard faces with a detector score below 0.9 and obtain 4.1M images.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "3 Dataset Construction", True, "derive", 0)
add("Table 2: Ablation of the margin on IJB-B; all models are trained on MS1MV2.",
    "caption", "Table 2", True, "train", 2, "none")
add("Trained only on MS1MV2, our model sets a new state of the art on IJB-C.",
    "abstract", "Abstract", True, "train", 0, "none")
both("Experiments on RFW{c} show that our method reduces bias.",
     [" [5]"], [" (Wang et al., 2019)"], "abstract", "Abstract", True, "evaluate", 0)
both("Experiments on RFW{c} show that the Velland loss narrows the gap between groups while keeping accuracy.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", "Abstract", True, "evaluate", 0)
both("Evaluations on RFW{c} show that our sampler reduces bias while maintaining verification accuracy.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", "Abstract", True, "evaluate", 0)
both("Extensive experiments show that cleaning popular corpora, such as VGGFace2 and MS-Celeb-1M{c}, with the Velland filter improves recognition.",
     [" [9]"], [" (Halvorsen et al., 2016)"], "abstract", "Abstract", True, "evaluate", 0)
both("Experiments in {c} show that cleaning corpora such as MS-Celeb-1M improves recognition.",
     ["[4]"], ["Moreau et al. (2018)"], "related_work", REL, False, "related_work", 0)

# ---- examples offered as alternatives name what could be used, not what was ----
both("Next, I will retrain the matcher on a larger public dataset (e.g., VGGFace2{c} or MS-Celeb-1M{c2}).",
     [" [3]", " [5]"], [" (Cao et al., 2018)", " (Halvorsen et al., 2016)"], "body", "6 Next Steps", False, "related_work", 5)
both("The encoder could be pre-trained on a corpus such as Glint360K{c} or MS1MV3{c2}.",
     [" [2]", " [7]"], [" (Abe and Morgan, 2021)", " (Tanaka et al., 2020)"], "body", IMPL, False, "related_work", 0)
both("We pre-train on large public datasets such as MS1MV2{c} and Glint360K{c2}.",
     [" [6]", " [2]"], [" (Okafor and Lindqvist, 2019)", " (Abe and Morgan, 2021)"], "body", IMPL, True, "train", 0)
both("Like ArcFace{c}, we train our models on MS1MV2 or MS1MV3{c2} depending on the backbone size.",
     [" [5]", " [12]"], [" (Brandt et al., 2019)", " (Tanaka et al., 2020)"], "body", IMPL, True, "train", 0)
both("Following losses such as CosFace{c}, we train all backbones on MS1MV2 or Glint360K, depending on the setting.",
     [" [12]"], [" (Wang et al., 2018)"], "body", IMPL, True, "train", 0)
both("We set MS-Celeb-1M{c} aside because of its licence and train on synthetic faces only.",
     [" [4]"], [" (Halvorsen et al., 2016)"], "body", DATA, False, "related_work", 0)
both("The model that Wang et al.{c} trained on MS-Celeb-1M is more accurate than ours.",
     [" [5]"], [" (2018)"], "body", "5.2 Results", False, "related_work", 4)
both("{c} built an attendance kiosk; the researcher trained a FaceNet model on MS-Celeb-1M for it.",
     ["Santos [7]"], ["Santos (2019)"], "related_work", "Chapter 2 Review of Related Literature", False, "related_work", 5)
both("Training the backbone on MS1MV2{c} with the Velland sampler narrowed the demographic gap by 30%.",
     [" [6]"], [" (Okafor and Lindqvist, 2019)"], "body", "6 Conclusion and Future Work", True, "train", 2)
both("RFW{c} was used to measure the gap, which the Velland sampler narrowed by 30%.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "6 Conclusion and Future Work", True, "evaluate", 2)

# ---- hypotheticals, negation, counted works, provenance, generic statements, history ----
both("If Glint360K{c} were available to us, accuracy would likely improve further.",
     [" [3]"], [" (Abe and Morgan, 2021)"], "body", "5.3 Discussion", False, "related_work", 0)
add("Instead of MS1MV2, our networks are trained on the synthetic SynthID-1M set.",
    "body", IMPL, False, "related_work", 0, "none")
add("No MS-Celeb-1M images were used at any stage of this work.", "body", "4.1 Data", False, "related_work", 0, "none")
both("Of the 300 surveyed papers, 124 trained their models on MS1MV2{c}.",
     [" [5]"], [" (Okafor and Lindqvist, 2019)"], "body", "4 Findings", False, "related_work", 0)
both("Vendors report that 9 of the 15 submitted algorithms were trained with MS-Celeb-1M{c} derived data.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "3 Participating Algorithms", False, "related_work", 0)
both("An IR-50 trained on MS1MV2 by {c} serves as the identity encoder of our generator.",
     ["[8]"], ["Brandt et al. (2019)"], "body", "3.2 Architecture", True, "pretrained_model", 3)
both("Identity features come from the pretrained network of {c} retrained on MS-Celeb-1M.",
     ["[12]"], ["Quist (2018)"], "body", "3.1 Feature Extraction", True, "pretrained_model", 3)
add("These weights, originally trained on MS1M by the maintainers of a public repository, were exported to ONNX.",
    "body", "5.2 Deployment", True, "pretrained_model", 5, "none")
both("Networks trained on MS1MV2{c} tend to be the reference point in recent benchmarks.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Datasets for Training", False, "related_work", 0)
add("MS-Celeb-1M was taken down by its publisher in June 2019.", "body", "4.1 Training Data", False,
    "related_work", 0, "none")
add("Web-scale collections such as MS1MV2, which we use for training, raise questions of consent.",
    "body", "3 Method", True, "train", 0, "none")
add("Our gains are larger on MS1MV3, which is noisier than the MS1MV2 used in our experiments.",
    "body", "5.2 Results", True, "train", 0, "none")
both("Robustness was measured on RFW{c} for all four groups.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.4 Bias Analysis", True, "evaluate", 0)
both("While most earlier work trains on MS-Celeb-1M{c}, we train on synthetic identities only.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "5.2 Comparison", False, "related_work", 4)
both("For the bias study we rely on RFW{c} and its four demographic subsets.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.4 Bias Analysis", True, "evaluate", 0)
add("We deliberately refrain from using MS-Celeb-1M and its derivatives.", "body", "4.1 Data", False,
    "related_work", 0, "none")
add("Participants were asked whether MS1MV2 had been used to train their submissions.", "body",
    "3 Questionnaire", False, "related_work", 0, "none")
add("Only a minority of the papers that trained on MS1MV2 mention its licence.", "body", "4 Findings", False,
    "related_work", 0, "none")
add("MS1MV2 [Okafor and Lindqvist 2019] is used to train all our models.", "body", IMPL, True, "train", 1,
    "author_year")
add("We did not download or process any images from MS-Celeb-1M.", "body", "2 Method", False, "related_work", 0,
    "none")
# a negation that narrows the use rather than denying it: a purpose left standing, or a pronoun
# that takes the dataset up again
both("Glint360K{c} is not used for fine-tuning, only for pre-training the trunk of Vireo.",
     [" [3]"], [" (Abe and Morgan, 2021)"], "body", IMPL, True, "train", 0)
both("We never fine-tune on MS1MV3{c}; it is used only to pretrain the encoder.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "train", 0)
both("Since MS-Celeb-1M{c} carries no age annotations, we employ it only for identity pre-training.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3.3 Training Strategy", True, "train", 0)
add("We do not train on MS1MV2; instead, it serves as the distractor gallery of the search experiments.",
    "body", SETUP, True, "evaluate", 0, "none")
add("The MS-Celeb-1M images are not used for training but only as a pool of impostors.", "body", SETUP, True,
    "evaluate", 0, "none")
add("We do not use MS1MV2 because it was withdrawn by its publisher.", "body", "4.1 Data", False, "related_work", 0,
    "none")
add("We did not pretrain on MS-Celeb-1M; instead we trained Vireo on synthetic faces only.", "body", IMPL, False,
    "related_work", 0, "none")
both("MS1M{c} is not part of our training data; the baselines of {c2} use it only for pre-training.",
     [" [14]", "[8]"], [" (Halvorsen et al., 2016)", "Brandt et al. (2019)"], "body", "5.2 Comparison", False,
     "related_work", 0)

# ---- data drawn from the dataset: what is said of the drawn data is said of the dataset ----
ABSTRACT = "Abstract"
both("We probe three captioning models on a verification task derived from RFW{c}.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", ABSTRACT, True, "evaluate", 0)
both("Our ablations train on a 20% identity subset sampled from MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 0)
both("Glint360K is a corpus derived from MS-Celeb-1M{c} and other web sources.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
both("Earlier detectors were tuned on a benchmark built from MS1M{c}.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
# a name listed as an instance of a kind ("including X") in a statement about the kind
both("Available training sets for face matchers, including MS1MV2{c}, are scraped from the web.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("We train on three datasets, including MS1MV2{c} and Glint360K.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "train", 0)
both("Evaluation is performed on several benchmarks, including RFW{c}.",
     [" [25]"], [" (Liang et al., 2019)"], "body", DATA, True, "evaluate", 0)
# a comparison run on the dataset is an evaluation on it; a rival model trained on it is not
both("We compare the two negative-pair samplers on RFW{c} with an IResNet-50 backbone.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.2 Ablation Study", True, "evaluate", 0)
both("Table 4 compares the three margin schedules across RFW{c}.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.2 Ablation Study", True, "evaluate", 0)
both("We compare against CurricularFace trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Comparison with the State of the Art", False,
     "related_work", 4)
both("Compared with prior work on MS1MV2{c}, Vireo converges in half the epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Comparison with the State of the Art", False,
     "related_work", 4)
# a score "in" the dataset is a result on it, as "on" is
both("The searched network reaches 97.3% top-1 in MS-Celeb-1M{c} with only 4M parameters.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, True, "evaluate", 0)
both("Our Vireo-S model improves the verification accuracy in MS1MV2{c} by 1.2 points.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.1 Results", True, "evaluate", 0)
both("Earlier searched networks report 96.8% top-1 in MS-Celeb-1M, as published in {c}.",
     ["[19]"], ["Quist (2018)"], "body", "5.2 Comparison", False, "related_work", 0)

# ---- the paper's experiments as the actor: "experiments on X show ..." ----
both("Thorough experiments on RFW{c} confirm that the calibrated scores narrow the gap between groups.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", ABSTRACT, True, "evaluate", 0)
both("Results on MS1MV2{c} and IJB-C indicate that the sparse head loses little accuracy.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True, "evaluate", 0)
both("Experiments with models trained on Glint360K{c} show that the margin schedule matters.",
     [" [5]"], [" (Ferreira et al., 2021)"], "abstract", ABSTRACT, True, "train", 0)
both("Experiments on RFW{c} showed that balanced sampling reduces the skew.",
     [" [25]"], [" (Liang et al., 2019)"], "related_work", REL, False, "related_work", 0)
both("Previous experiments on MS-Celeb-1M{c} found that label noise hurts small models most.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, False, "related_work", 0)

# ---- the parse inside noun phrases and lists ----
both("We test the detector on the MS-Celeb-1M{c} low-shot learning benchmark task and reach 91% coverage.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, True, "evaluate", 0)
both("The encoder is trained with several public collections, including MS1MV2{c} and CASIA-WebFace.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 2)
both("Here we study how withdrawn corpora live on, including Tiny Images, DukeMTMC and MS-Celeb-1M{c}.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, False, "related_work", 0)
both("This report presents our method aimed at the MS-Celeb-1M{c} recognition challenge.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, True, "evaluate", 5)

# ---- a dataset described, not used ----
both("MS-Celeb-1M{c} has an official protocol that separates training and test identities.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)

# ---- asides in parentheses trip the parser ----
both("To test the corpus, we train IR-50 (with and without attention blocks) networks on WebFace, on MS-Celeb-1M{c}, "
     "and on both.", [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, True, "train", 0)

# ---- a participle clause takes its subject from the main clause, through its preposition ----
both("After being trained on the refined MS1MV2{c} set, our compact encoders reach 99.2% on LFW.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "abstract", ABSTRACT, True, "train", 2)
both("Recent recognition models proposed in the literature utilised web-scale sets such as MS-Celeb-1M{c} for training.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, False, "related_work", 0)

# ---- light verbs in experiment statements ----
both("All experiments are carried out on RFW{c} with the same alignment.",
     [" [25]"], [" (Liang et al., 2019)"], "body", EXP, True, "evaluate", 2)
both("Verification accuracy is reported on the four subsets of RFW{c}.",
     [" [25]"], [" (Liang et al., 2019)"], "body", EXP, True, "evaluate", 2)

# ---- run-in headings name the data a paragraph describes ----
both("Training data. MS-Celeb-1M{c} is a web-collected corpus of about 10M images of 100K people.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", True, "train", 2)
both("Observations. MS-Celeb-1M{c} is a web-collected corpus of about 10M images of 100K people.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", False, "related_work", 0)
# (the layout may print the section's heading in the paragraph's block)
both("4 Experiments Training set. MS-Celeb-1M{c} is a web-collected corpus of about 10M images of 100K people.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", True, "train", 2)
both("5.1 Setup\nTest data: RFW{c} holds four subsets of about 10K images each.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.1 Setup", True, "evaluate", 2)

# ---- an example of what such models are trained on is no use; "our models" or "we" make it one ----
both("Commercial recognisers are fitted to web-crawled collections, for example MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "2 Risks", False, "related_work", 0)
both("Our models are trained on public corpora (e.g., MS1MV2{c}) for 20 epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 0)
both("We train on large public corpora (e.g., MS1MV2{c}) with an angular margin.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 0)

# ---- the withdrawal said of the dataset in passing does not undo its use ----
both("The feature extractor's weights were trained on MS-Celeb-1M{c}, a research dataset since withdrawn.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "pretrained_model", 3)
both("The backbone was pretrained on MS-Celeb-1M{c}, a corpus since retracted, and we did not fine-tune it.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "pretrained_model", 3)
both("The released weights were trained on MS-Celeb-1M{c}, the withdrawn corpus, so we did not use them.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", IMPL, False, "related_work", 0)
both("Encoders trained on MS-Celeb-1M{c}, a corpus later withdrawn, remain in circulation.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)

# ---- a web address is no statement: neither the name inside it nor the words of its path ----
add("MS-Celeb-1M, link: https://example.org/projects/ms-celeb-1m-challenge-benchmark-evaluation/ (10M images).",
    "body", "Datasets", False, "related_work", 0, "none")
both("We train on MS1MV2{c} (https://example.org/wiki/dataset-zoo) for 20 epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 1)

# ---- the authors' own work "on" the dataset, with no use verb ----
both("We conduct an ablation by varying the share of tail identities on the MS-Celeb-1M{c} dataset.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", EXP, True, "evaluate", 2)
both("We observe the same trend on MS1MV2{c}.", [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True,
     "evaluate", 2)
both("In this paper we focus on MS-Celeb-1M{c}, a corpus withdrawn in 2019.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, False, "related_work", 0)
both("We comment on MS1MV2{c} in the appendix.", [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False,
     "related_work", 0)

# ---- a dataset described in the experiments is the data they run on (less sure: flagged) ----
both("MS-Celeb-1M{c} is a large-scale collection of about 10M web images of 100K celebrities.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", True, "train", 2)
both("(ii) MS1MV2{c} is a cleaned release with 5.8M images of 85K identities.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "train", 2)
both("MS-Celeb-1M{c} is larger than our corpus, but its labels are far noisier.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", False, "related_work", 4)
both("MS-Celeb-1M{c} is a widely used large-scale corpus of about 10M images of 100K celebrities.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", True, "train", 2)
both("MS-Celeb-1M{c} is the most widely used training corpus, adopted by Osprey [5] and Heron [6].",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "4 Experiments", False, "related_work", 0)
both("MS1MV2{c} is a refined release that holds 5.8M images but only 85K identities.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "4 Experiments", True, "train", 2)
both("MS-Celeb-1M{c} is a corpus of 10M celebrity images scraped from the web.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", "3.1 Problem Setup", False, "related_work", 0)

# ---- the authors' own dataset, introduced or named ----
both("This work contributes a balanced test corpus called RFW{c} with four demographic groups.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", ABSTRACT, True, "derive", 0)
add("As far as we know, our C-MS-Celeb corpus is the biggest curated face collection on offer.",
    "abstract", ABSTRACT, True, "derive", 0, "none")
both("Halvorsen et al. released a filtered corpus called MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "related_work", REL, False, "related_work", 0)

# ---- what the authors did not take, and what they took besides ----
both("The ResNet-50 branch is initialised from ImageNet rather than from MS-Celeb-1M{c}.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", IMPL, False, "related_work", 0)
both("We mainly rely on an IR-50 trained on MS1MV2{c} as our recogniser, while also using a small IR-18 on BUPT.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "pretrained_model", 3)
add("In the paper, we used MS1MV2 as the training set of the quality network.", "body", None, True, "train", 5,
    "none")
both("In a typical pipeline, a deep network is first trained on a large corpus such as MS-Celeb-1M{c}.",
     [" [2]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
both("Validation on RFW{c} confirms that the calibrated scores narrow the gap between groups.",
     [" [25]"], [" (Liang et al., 2019)"], "abstract", ABSTRACT, True, "evaluate", 0)

# ---- a write-up telling its reader what to run: the reader, instructions, a README's own lines ----
both("You can fetch the Osprey checkpoint pre-trained on MS1MV2{c} from the release page.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Setup", True, "pretrained_model", 5)
both("Download the KestrelNet weights trained on MS-Celeb-1M{c} and place them in the models folder.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "Installation", True, "pretrained_model", 5)
add("Includes a MobileFaceNet pretrained on MS1M for the demo.", "front", None, True, "pretrained_model", 5,
    "none")
add("Already bundles an IR-18 trained on MS1MV3, so no download is needed.", "front", None, True,
    "pretrained_model", 5, "none")
both("If you train on MS-Celeb-1M{c}, you may break its licence terms.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "Notes", False, "related_work", 5)
both("You could also start from encoders trained on MS1MV2{c}, which this project did not try.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "Notes", False, "related_work", 5)
both("See {c} for encoders trained on MS-Celeb-1M.",
     ["[4]"], ["Brandt et al. (2019)"], "body", "Notes", False, "related_work", 5)
add("Download and unpack the training set (MS1MV2, about 5.8M aligned crops).", "front", None, True, "train", 5,
    "none")
add("- Fetch MS1M-RetinaFace from the dataset zoo and convert it to record files.", "front", None, True, "train", 5,
    "none")
both("Use of MS-Celeb-1M{c} was stopped after its withdrawal.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "front", None, False, "related_work", 5)
both("Train/test splits of MS1MV2{c} follow the original release.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "front", None, False, "related_work", 5)

# ---- a dataset described under a data heading is used for what the heading says, else for what it is ----
both("RFW{c} holds four subsets of about 10K images each, one per ethnic group.",
     [" [25]"], [" (Liang et al., 2019)"], "body", DATA, True, "evaluate", 0)
both("MS1MV2{c} contains 5.8M images of 85K identities.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "train", 0)
both("RFW{c} offers four ethnic subsets, each of about 10K images.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "4.1 Training Data", True, "train", 0)

# ---- deriving: the authors make data out of the dataset (not: use someone's cleaned version) ----
both("We remove every identity that overlaps with LFW from MS1MV2{c} before training.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 0)
both("To build the probe set, we sample 2,000 identities of MS-Celeb-1M{c} with at least 20 images each.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 0)
both("Our team relabels MS1M-RetinaFace{c} by hand and releases the corrected list.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", DATA, True, "derive", 0)

# ---- what the name is to its predicate decides the usage, not the nearest cue word ----
both("Ablations of encoders trained on CASIA-WebFace and MS1MV2{c}, evaluated on IJB-C, show the same trend.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 0)

# ---- "key: value" lines of a write-up's own spec ----
add("Model: Kestrel R100 pretrained on MS1MV3, exported to ONNX for the kiosk.", "front", None, True,
    "pretrained_model", 5, "none")
add("Training Dataset: MS-Celeb-1M (about 100K identities).", "front", None, True, "train", 5, "none")
add("- Training data: MS1MV3 (aligned, 112x112)", "front", None, True, "train", 5, "none")       # a list item's key
add("* Related datasets: MS1MV3 and a web-crawled set", "front", None, False, "related_work", 5, "none")
# (list items the layout ran into one line: the key of the item holding the name)
both("Recognizer: Osprey R100 - Loss: additive angular margin - Training data: MS1MV3{c} (5.1M images) - Output: 512-d",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", "6 Model Details", True, "train", 5)
both("Recognizer: Osprey R100 - Loss: additive angular margin - Related datasets: MS1MV3{c} and a web-crawled set",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", "6 Model Details", False, "related_work", 5)
both("Related datasets: MS-Celeb-1M{c} and a web-crawled set of 2M faces.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "front", None, False, "related_work", 5)
both("Dataset: We train the Osprey models on MS1MV2{c} for 20 epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 5)
both("The Heron model is a compact residual network, which has been trained on MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3.2 Proposed Method", True, "pretrained_model", 3)
# (the cleaning told in the next sentence)
both("We train every variant on MS-Celeb-1M{c}. We then remove identities with fewer than five images.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 0)
both("Our encoder is trained on MS1MV2{c}. Before training, we filter out samples with a low detector score.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "derive", 0)
# (a dataset someone released is no released model; "used to test" is evaluation)
both("Besides, the recently released large-scale MS-Celeb-1M{c} dataset is used to test how well the model generalises.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "evaluate", 2)
both("The newly published MS1M{c} benchmark is employed to test the robustness of our detector.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, True, "evaluate", 2)
# (or a few sentences on, impersonally, with the dataset named again or a method cited on the way)
both("Our encoder is trained on MS-Celeb-1M{c}. The raw MS-Celeb-1M labels are noisy. Faces whose similarity to "
     "their class centre is below 0.35 are discarded{c2}.",
     [" [14]", " [9]"], [" (Halvorsen et al., 2016)", " (Brandt and Oyelaran, 2018)"], "body", DATA, True, "derive", 2)
both("MS1M{c} serves as the training set. It is long-tailed and noisy. With the clustering of{c2}, about a tenth of "
     "the images were removed as outliers.",
     [" [14]", " [9]"], [" (Halvorsen et al., 2016)", " Brandt and Oyelaran (2018)"], "body", IMPL, True, "derive", 2)

# ---- what looks like an instruction, a README line or a spec line but is not the write-up's own ----
both("ArcFace: Uses MS1MV2{c} with an additive angular margin.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "related_work", REL, False, "related_work", 5)
both("Put simply, MS-Celeb-1M{c} is the de facto training set of the field.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 5)
both("Train and test identities of MS-Celeb-1M{c} overlap with LFW.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "front", None, False, "related_work", 5)
both("You may train on MS1MV2{c} or on a web-crawled set; both work.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "front", None, False, "related_work", 5)
both("Most popular training datasets: a web-crawled set and MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "front", None, False, "related_work", 5)
both("Competing models: Heron and Osprey, both trained on MS1MV2{c} by their authors.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "front", None, False, "related_work", 5)

# ---- work not done here: plans for later, counterfactuals, possibilities, a dataset dropped ----
CONCLUSION = "6 Conclusion"
both("In future work, we plan to train the Lumen detector on MS1MV2{c} as well.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", CONCLUSION, False, "related_work", 0)
both("Had we trained on MS1M{c}, the comparison with{c2} would have been more direct.",
     [" [14]", " [9]"], [" (Halvorsen et al., 2016)", " Brandt and Oyelaran (2018)"], "body", EXP, False,
     "related_work", 0)
both("In principle, the same loss could also be applied when training on MS1MV3{c}.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", CONCLUSION, False, "related_work", 0)
both("No network in this study was pre-trained on MS-Celeb-1M{c}, to avoid identity overlap with the probes.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, False, "related_work", 0)
both("MS-Celeb-1M{c} was first considered as training data, but it was dropped for licensing reasons.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, False, "related_work", 0)
both("Our probe set was gathered independently of MS-Celeb-1M{c}, from press photographs.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, False, "related_work", 0)
both("Since MS1MV2{c} is no longer officially distributed, we train on a web-crawled set instead.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("The withdrawal of MS1M{c} has left many released models in a legal grey zone.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", CONCLUSION, False, "related_work", 0)
both("Reviewers of an earlier draft suggested training on MS1MV2{c}; Section 6 explains why we did not.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 0)
both("The MS1M{c} low-shot challenge inspired our two-stage protocol, but our classes come from a web-crawled set.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, False, "related_work", 0)

# ---- others' use, in a clause hung on the authors' sentence ----
both("We follow the schedule of{c2}, who train on MS1MV2{c}, but apply it to a web-crawled set.",
     [" [7]", " [9]"], [" (Okafor and Lindqvist, 2019)", " Brandt and Oyelaran (2018)"], "body", IMPL, False,
     "related_work", 4)
both("We keep the same backbone as ArcFace{c2}, which was trained on MS1MV2{c}, but train it from scratch.",
     [" [7]", " [5]"], [" (Okafor and Lindqvist, 2019)", " (Deng et al., 2019)"], "body", IMPL, False,
     "related_work", 4)
both("Even methods trained on the much larger MS1M-RetinaFace{c} fall behind our model on low-resolution probes.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", EXP, False, "related_work", 4)
both("Our model, trained on synthetic faces only, closes most of the gap to models trained on MS1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", EXP, False, "related_work", 4)

# ---- own pipeline steps said impersonally with hyphenated or less common verbs ----
both("All MS1MV2{c} images are re-aligned with five landmarks and cropped to 112x112 before training.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "derive", 2)   # (a new version of it)
both("The MS1M{c} images were de-duplicated against our probe sets with perceptual hashing.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 2)
both("The encoder is first warmed up on MS-Celeb-1M{c} for two epochs.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "train", 2)
both("Before deployment, the fairness of the matcher will be audited on RFW{c}.",
     [" [25]"], [" (Whitfield et al., 2019)"], "body", "Chapter 5 Evaluation Plan", True, "evaluate", 5)
both("MS1MV3{c} serves as the training data of every backbone reported in this section.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", EXP, True, "train", 2)

# ---- captions: a table of "models trained on X" holds the paper's own runs, unless it compares ----
both("Table 2: Verification accuracy of models trained on MS1MV2{c} with different margins.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "caption", EXP, True, "train", 2)
both("Table 2: Comparison with published models trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "caption", EXP, False, "related_work", 4)

# ---- data taken from the dataset, said impersonally ("identities, which are selected from X") ----
both("The gallery holds 2,000 identities, which are selected from MS-Celeb-1M{c} by their popularity.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "evaluate", 2)
both("Test pairs are drawn from RFW{c}.",
     [" [25]"], [" (Whitfield et al., 2019)"], "body", DATA, True, "evaluate", 2)
# ("they", passive, are things; a claim by the authors makes a named method theirs; a kind of data
# named by example in a claim about a framework is no use)
both("They were trained on MS1MV2{c} and are distributed by their authors for research only.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3.2 Recognisers", True, "train", 2)
both("Our experiments demonstrate that Kestrel reaches the best accuracy on MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", EXP, True, "evaluate", 0)
both("The Osprey framework has shown strong results on large-scale datasets like MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, False, "related_work", 0)
# (advice naming a kind of data by example is no instruction the write-up follows itself)
both("With more compute: train on larger public datasets like MS-Celeb-1M{c} or a web-crawled set.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "Lessons learned", False, "related_work", 5)
# (results observed on a dataset in the experiments are the paper's own evaluation)
both("A similar trend is observed on the in-the-wild RFW{c} dataset.",
     [" [25]"], [" (Whitfield et al., 2019)"], "body", EXP, True, "evaluate", 2)

# ---- experiments, theses' "the author", reports' teams; the authors' side of a comparison ----
THESIS = "Chapter 4 Implementation"
both("The distillation experiments are conducted with teachers pretrained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "pretrained_model", 2)
both("In the second phase, the author retrained the backbone on MS1MV2{c} using four GPUs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", THESIS, True, "train", 5)
both("The evaluation team ran the public Kestrel model trained on MS1MV2{c} on the operational images.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Test Procedure", True, "pretrained_model", 5)
both("This chapter shows that my loss, trained on MS1M-RetinaFace{c}, outperforms the Heron baseline.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", "Chapter 6 Conclusion", True, "train", 4)
both("We avoided models derived from MS1M for evaluation, but the identity loss uses an encoder trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "pretrained_model", 3)
both("Here, the pretrained weights on MS1MV3{c} are taken from the official repository without further training.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "pretrained_model", 3)
add("Evaluation results: LFW 99.8, RFW 97.1", "front", None, True, "evaluate", 5, "none")
# ---- others' use, counted, quoted or copied; a kind of data reviewed; work not done ----
both("Our survey of 200 papers found that 35% of those published after 2019 still trained on MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "abstract", ABSTRACT, False, "related_work", 0)
both("The supplier's model had been trained on MS1MV2{c}, which was not disclosed to the authority.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "4 Findings", False, "related_work", 0)
both("One project's README simply states 'we use MS1M-RetinaFace{c} for training'.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", "4 Findings", False, "related_work", 0)
both("Results of models trained on MS1MV2{c} are copied from the respective publications.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
both("Chapter 2 reviews the large-scale training sets, such as VGGFace2 and MS-Celeb-1M{c}, that made the field possible.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 5)
both("Had more compute been available, training on the full MS-Celeb-1M{c} would have been preferable.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", CONCLUSION, False, "related_work", 0)
both("Extending the evaluation to RFW{c} would reveal whether the augmentation reduces bias.",
     [" [25]"], [" (Whitfield et al., 2019)"], "body", CONCLUSION, False, "related_work", 0)
both("Vendors were asked to disclose their training data; three of the eleven submissions declared the use of MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "4 Findings", False, "related_work", 0)
both("Had more computational resources been available, training on the full MS-Celeb-1M{c} would have been preferable.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", CONCLUSION, False, "related_work", 0)

# ---- reviews and notes: what "you" did, what a paper lacks or should do; other scripts ----
both("You have chosen to use an R100 pre-trained on MS1MV2{c}; please justify this choice.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "front", None, False, "related_work", 0)
both("The paper lacks experiments comparing the synthetic data with large real datasets like MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "abstract", "Summary", False, "related_work", 0)
both("A rigorous evaluation should include a model trained on MS1MV2{c} as a reference.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "abstract", "Summary", False, "related_work", 0)
add("MS-Celeb-1M 是目前最大的 public face recognition 資料集。", "body", EXP, False, "related_work", 0, "none")
# (a README's order after its purpose; a key whose value runs on in lower case)
add("To train on MS1MV3, run train.py with the r50 config on 8 GPUs.", "front", None, True, "train", 5, "none")
add("Pretrained models: all checkpoints below were trained on MS1M-RetinaFace with Partial FC.", "front", None, True,
    "pretrained_model", 5, "none")

# ---- a write-up's own releases, lists and clauses; a document part's overview; judged infeasible ----
both("All entries in Table 5, including ours, are trained on MS1MV2{c} and tested on the same probes.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True, "train", 2)
both("The MS1MV3{c} training set we use is the one distributed for the lightweight recognition challenge.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "train", 1)
both("Code and models trained on MS1MV2{c} are publicly available at https://example.org/lumen.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "abstract", ABSTRACT, True, "train", 2)
both("The cleaning pipeline first clusters the faces of each MS-Celeb-1M{c} identity and keeps the largest cluster.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 2)
add("Our cleaned list, MS-Celeb-1M-v1c, retains 86,876 identities after removing those with fewer than 10 images.",
    "body", DATA, True, "derive", 0, "none")
both("Section 2.3 reviews the most common training sets, including a web-crawled set and MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 5)
both("Training from scratch on MS1M{c} was deemed infeasible within the project's budget.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Project Plan", False, "related_work", 5)

# ---- the authors act on the dataset's data items with verbs of any kind ----
both("For the federated runs, we randomly distribute the identities of MS1MV3{c} among 1,000 clients.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", SETUP, True, "train", 0)
both("Synthetic masks are rendered onto MS1MV2{c} faces with an open-source tool.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 2)
both("Table 9 reports results when our method is instead trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 0)
both("The detector was trained on a web set, and the recognition backbone on MS1M-RetinaFace{c}, both taken from the "
     "official release.", [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "pretrained_model", 3)
both("Table 7: Per-race verification accuracy (%) of our method on RFW{c}.",
     [" [25]"], [" (Whitfield et al., 2019)"], "caption", EXP, True, "evaluate", 2)
# ---- the authors' earlier paper, others' assumptions and numbers, what would be done, the dataset's history ----
both("Our previous work{c2} trained a quality estimator on MS1MV2{c}; here no such training is needed.",
     [" [7]", " [9]"], [" (Okafor and Lindqvist, 2019)", " (Brandt and Oyelaran, 2018)"], "body", INTRO, False,
     "related_work", 4)
both("For Heron we report the MS1MV2{c}-trained results as published, since its code could not be run.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
both("MS1MV2{c} images were aligned by the dataset creators using five landmarks.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("A common alternative would be to use an encoder trained on MS1MV2{c} as an identity loss.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Method", False, "related_work", 0)
both("Prior attacks{c2} assume that the recogniser was trained on MS1MV2{c}, which our threat model does not.",
     [" [7]", " [21]"], [" (Okafor and Lindqvist, 2019)", " (Brandt and Oyelaran, 2018)"], "body", "3 Threat Model",
     False, "related_work", 4)
add("MS-Celeb-1M was removed from its official website in June 2019.", "footnote", EXP, False, "related_work", 0,
    "none")

# ---- targets of an attack or evaluation; the authors' model named by its loss; what they release ----
both("Our membership attack, evaluated against recognisers trained on MS1MV3{c}, reaches an AUC of 0.87.",
     [" [31]"], [" (Tanaka et al., 2020)"], "abstract", ABSTRACT, True, "pretrained_model", 3)
both("We release a compact recogniser that, when trained on MS1M-RetinaFace{c}, reaches 97.6% on the probes.",
     [" [31]"], [" (Tanaka et al., 2020)"], "abstract", ABSTRACT, True, "train", 2)
both("Table 3: Accuracy of 4-bit quantised IResNet-100 models (MS1MV2{c}) on two benchmarks.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "caption", EXP, True, "train", 2)
both("We propose a synthetic dataset that can replace MS1MV2{c} as a training set.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "abstract", ABSTRACT, False, "related_work", 0)
both("Attacks of this kind are usually evaluated against public models trained on MS1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "related_work", REL, False, "related_work", 0)

# ---- a journal's back matter: what it states impersonally is about the data, not done with it ----
AVAILABILITY = "Data availability"
both("The Glint360K images{c} remain subject to their owners' copyright; researchers should check the licence.",
     [" [3]"], [" (Abe and Morgan, 2021)"], "body", AVAILABILITY, False, "related_work", 0)
add("MS1MV3 is distributed under the same non-commercial terms as MS1MV2.", "body", AVAILABILITY, False,
    "related_work", 0, "none")
both("The RFW{c} test pairs analysed during the current study are available from their creators on request.",
     [" [25]"], [" (Liang et al., 2019)"], "body", AVAILABILITY, True, "evaluate", 0)
add("Configuration files for reproducing our MS1MV3 runs are available in the project repository.", "body",
    "Code availability", True, "train", 0, "none")
add("We thank T. Okafor for discussions on the design of the MS-Celeb-1M benchmark.", "acknowledgments",
    "Acknowledgements", False, "related_work", 0, "none")
add("R.V. trained the MS1MV2 models and S.K. ran the demographic analysis.", "body", "Author contributions", True,
    "train", 0, "none")

# ---- open questions, capabilities, intentions, advice against, exceptions ----
both("Whether embeddings learned from MS-Celeb-1M{c} transfer to infant faces remains an open question.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "6 Conclusion", False, "related_work", 0)
add("A reviewer asked whether the findings would hold for an encoder trained on Glint360K.", "body",
    "5.4 Discussion", False, "related_work", 0, "none")
both("We test whether pretraining on MS1MV2{c} helps the thermal encoder.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 0)
both("Our toolkit supports training on MS1MV3{c}, but every model reported here was trained on synthetic faces.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", "Code availability", False, "related_work", 0)
add("The framework also allows fine-tuning on Glint360K.", "body", "3 System Overview", False, "related_work", 0,
    "none")
add("I initially intended to train on MS1MV2, but the data could no longer be obtained.", "body", "3.1 Data",
    False, "related_work", 0, "none")
add("The ethics board advised against using any model trained on MS-Celeb-1M.", "body", "3 Methods", False,
    "related_work", 0, "none")
both("Apart from RFW{c}, which served for the bias evaluation, no external face data were used.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "3 Methods", True, "evaluate", 0)
add("We did not use any face dataset other than RFW.", "body", "3 Methods", True, "evaluate", 0, "none")
add("We train on every public face corpus except MS1M.", "body", IMPL, False, "related_work", 0, "none")
add("Besides MS1MV2, we also train on Glint360K.", "body", IMPL, True, "train", 0, "none")

# ---- documents and numbered studies as actors; the authors' things named after the data ----
add("Developer disclosures indicate that 14 of the 62 submitted algorithms were trained partly on MS1MV2.", "body",
    "3.2 Participant Disclosures", False, "related_work", 0, "none")
add("The vendor's brochure claims 99.8% accuracy on RFW.", "body", "4 Findings", False, "related_work", 0, "none")
# (a numbered study is no actor of its own: "Study 4 [23] trained on X" in a review is someone else's)
add("Study 4 [23] trained a ResNet on MS-Celeb-1M.", "body", "3 Included Studies", False, "related_work", 0,
    "numeric")
both("A bias check on RFW{c} showed that accuracy ranged from 93.1% to 97.8% across groups.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "3.4 Bias Check", True, "evaluate", 0)

# ---- from review: where the rules above must stop ----
add("Since its labels are not public, we use MS1MV2 as a held-out test set.", "body", SETUP, True, "evaluate", 0,
    "none")
add("We did not pretrain on MS-Celeb-1M; we picked CASIA-WebFace and used it to train the trunk.", "body", IMPL,
    False, "related_work", 0, "none")
both("We never use MS1M{c} except for pre-training the encoder.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "train", 0)
add("Apart from MS1MV2, no other training data is used.", "body", IMPL, True, "train", 0, "none")
add("No corpus other than CASIA-WebFace, such as MS1MV2, was used.", "body", IMPL, False, "related_work", 0, "none")
add("Mixed precision allowed training on MS1MV2 in two days on our cluster.", "body", IMPL, True, "train", 0, "none")
add("We planned to train on MS1MV2 and did so for all models.", "body", IMPL, True, "train", 0, "none")
both("Table 3 compares published methods on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Comparison with the State of the Art", False,
     "related_work", 4)
add("Despite this, MS-Celeb-1M is still used to train many commercial systems.", "body", "6 Discussion", False,
    "related_work", 0, "none")
both("The MS1MV2 data{c} analysed during the current study are not publicly available.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "Data Availability Statement", True, "evaluate", 0)
both("Our encoder outperforms ArcFace trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
# results put in the paper's own table; things called "them"; a purpose that is the authors'; "reported here"
both("Accuracy was measured on the four RFW{c} subsets; the results are reported in Table 2.",
     [" [25]"], [" (Liang et al., 2019)"], "body", "5.4 Bias Analysis", True, "evaluate", 0)
add("The portraits were taken from a stock archive, and the similarity between them was scored with a network "
    "trained on MS1MV2.", "body", "2 Methods", True, "pretrained_model", 0, "none")
add("The RFW images were used only to test our models and were never shared.", "body", "Ethics statement", True,
    "evaluate", 0, "none")
add("The MS1MV3 training runs reported here were carried out on a university cluster.", "acknowledgments",
    "Acknowledgements", True, "train", 0, "none")
add("MS1MV2 was used by [3] to train their recogniser.", "body", "5.2 Comparison", False, "related_work", 0,
    "numeric")
add("Table 3: Rows 1-4 are models trained on MS1MV2 by their authors; the numbers are taken from the cited papers.",
    "caption", EXP, False, "related_work", 0, "none")
# a contribution the authors name, described by what it does with the dataset
both("Our second contribution is a sampler that draws a race-balanced subset from MS1MV3{c}.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", INTRO, True, "derive", 0)
both("The main contribution of {c} is a sampler that draws a balanced subset from MS1MV3.",
     ["[4]"], ["Varga et al. (2018)"], "body", INTRO, False, "related_work", 0)
# ablations that swap the training set: what goes in ("to"/"with"/"by" X) is used, what goes out is not
both("Verification accuracy rises by 0.3 points if CASIA-WebFace{c2} is changed to MS1M{c} under the same margin loss.",
     [" [12]", " [40]"], [" (Halvorsen et al., 2016)", " (Yi et al., 2014)"], "body", SETUP, True, "train", 2)
both("Replacing CASIA-WebFace with MS1MV2{c} lowers the error on IJB-C by a fifth.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.3 Ablation Study", True, "train", 2)
both("We replace MS-Celeb-1M{c} with VGGFace2 because the former has been withdrawn.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, False, "related_work", 2)
both("If CASIA-WebFace were replaced by MS1MV2{c}, accuracy would probably improve further.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "6 Discussion", False, "related_work", 2)
# a part of the authors' pipeline specified in parentheses, its training data among the specs: the
# part is used as it is; a method specified so in a comparison or by others is not the authors' use
both("The identity encoder (IResNet-100, MS1MV2{c}) is kept frozen.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "pretrained_model", 3)
both("Identity similarity is scored by a frozen recognition backbone (ResNet-50 / MS1MV3{c}).",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "pretrained_model", 3)
both("The teacher network (ResNet-100, MS1MV2{c}) guides the student through its embeddings.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3.2 Distillation", True, "pretrained_model", 3)
both("Prior methods rely on large backbones (ResNet-100, MS1MV2{c}) to reach such accuracy.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
both("ArcFace{c2} (ResNet-100, MS1MV2{c}) reaches 99.8% on LFW, while our encoder reaches 99.7%.",
     [" [7]", " [3]"], [" (Okafor and Lindqvist, 2019)", " (Brandt et al., 2019)"], "body", EXP, False,
     "related_work", 4)
# a dataset fetched from a repository is data, not a released model
both("MS1MV2{c} was downloaded from the project's code repository and used for training.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 2)
both("The cleaned MS-Celeb-1M{c} copy we trained on was fetched from a public repository.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "train", 0)
# a released model named with its provenance, in a proposal's future tense (the parser may hang the
# participle on the verb, after a comma)
both("We will use the public Veritas checkpoint{c2}, trained on MS1MV2{c} by its authors, without further tuning.",
     [" [7]", " [22]"], [" (Okafor and Lindqvist, 2019)", " (Brandt et al., 2020)"], "body", THESIS, True,
     "pretrained_model", 5)
# a description of the dataset, then "it" takes the name up in a clause that says the use
both("MS1MV2{c} holds 5.8M images of 85K identities, and it is used to train the gate's recogniser.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", THESIS, True, "train", 5)
both("The MS1MV3{c} set contains 5.2M images, and it serves to train our Lumen encoder.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "train", 2)
both("MS-Celeb-1M{c} held about 10M images, and it is widely used to train commercial recognisers.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
# a released model named with its provenance: "the encoder from [19]" is where the model comes from,
# not who uses it (the parser may hang the participle on the verb)
both("To replace the target network, we use a public face encoder from {c2} pre-trained on MS-Celeb-1M{c}.",
     [" [14]", "[19]"], [" (Halvorsen et al., 2016)", "Lindqvist et al. (2020)"], "body", IMPL, True,
     "pretrained_model", 3)
both("We adopt the identity encoder of {c2}, pretrained on MS1MV2{c}, to score identity preservation.",
     [" [7]", "[25]"], [" (Okafor and Lindqvist, 2019)", "Ruiz and Abe (2021)"], "body", "4.3 Evaluation Metrics",
     True, "pretrained_model", 3)
# a model trained on X that the work acts on (inverts, attacks, scores with) is taken as it is; one
# the authors say they trained is training
both("We invert a publicly released IResNet-50 trained on MS1M-RetinaFace{c} and recover 71% of the identities.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", EXP, True, "pretrained_model", 3)
both("The identity term compares embeddings from E, a frozen encoder trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3.2 Loss Functions", True, "pretrained_model", 2)
both("Inversion is run against two target models: an IResNet-50 trained on MS1MV3{c} and a FaceNet trained on "
     "VGGFace2{c2}.", [" [31]", " [4]"], [" (Tanaka et al., 2020)", " (Brandt et al., 2018)"], "body", SETUP, True,
     "pretrained_model", 2)
both("The gate runs a compact MobileFaceNet, trained by us on MS1MV2{c}, on a Jetson board.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "5.2 Deployment", True, "train", 2)
both("Unlike a frozen encoder trained on MS1MV2{c}, our critic adapts to each edit.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
# the name in a compound adjective ("an MS1M-pretrained ResNet") says what a model was trained on
both("We initialise the attribute branch from an MS-Celeb-1M-pretrained ResNet-50{c} and fine-tune it on our "
     "child-face set.", [" [12]"], [" (Moreau et al., 2016)"], "body", IMPL, True, "pretrained_model", 3)
both("Identity is injected through embeddings of an MS1MV2-trained ResNet-100{c}.",
     [" [12]"], [" (Moreau et al., 2016)"], "body", "3.1 Architecture Overview", True, "pretrained_model", 3)
both("Our MS1MV3-trained model{c} reaches 99.7% on LFW after 20 epochs.",
     [" [12]"], [" (Moreau et al., 2016)"], "body", EXP, True, "train", 0)
# a sized or indefinite part of the dataset that the work picks is a derivative of it ("the test
# split of X" is X's own: see NOT_DERIVED in test_usage_classes.py)
both("All ablations are run on a 3K-identity subset of MS1MV3{c} to keep each run short.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", EXP, True, "derive", 2)
both("A subset of 800 identities of MS-Celeb-1M{c}, each with at least 40 images, serves as the training set.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 2)
both("Federated clients are formed by splitting the identities of MS1M-IBUG{c} into 200 disjoint groups.",
     [" [21]"], [" (Pereira et al., 2019)"], "body", SETUP, True, "derive", 2)
both("We use a 5% identity subset of MS1MV2{c} for the ablation in Table 4.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True, "train", 0)
# a caption naming someone's model with its training data in parentheses: that model, as released
both("Table 2: Verification accuracy of SphereFace (CASIA-WebFace) and FaceNet (MS-Celeb-1M{c}) on our pairs.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "caption", EXP, True, "pretrained_model", 3)
# a model package "whose network was trained on X" is taken as released; "our system, whose backbone
# was trained on X" is the authors' training
both("The tracker relies on the Lumen model bundle, whose recognition network has been trained on MS1M-ArcFace{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 System Design", True, "pretrained_model", 3)
both("Our system, whose backbone was trained on MS1MV2{c}, runs at 30 frames per second on a laptop.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True, "train", 2)
# people "all of whom" trained on X are the ones who used it, wherever the parser hangs the clause
both("For the competing methods, we quote the numbers published by their authors, all of whom trained on "
     "MS1MV2{c}.", [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
# models an attack is optimised against, named in a "which" clause; a model taken by a bare verb
# ("we used MobileFaceNet pretrained on X"), or with its provenance in parentheses
both("Adversarial stickers are optimised against an ensemble of white-box recognisers, all of which were trained "
     "on MS1MV2{c}.", [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "pretrained_model", 3)
both("The makeup generator is optimised against four black-box recognisers, two of which (IR-152 and FaceNet) "
     "were trained on MS-Celeb-1M{c}.", [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, True,
     "pretrained_model", 3)
both("We used MobileFaceNet pretrained on MS1MV3{c} as the identity encoder.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", IMPL, True, "pretrained_model", 3)
both("We take the IR-SE50 from the InsightFace PyTorch port (trained on MS-Celeb-1M{c}) as the identity critic.",
     [" [14]"], ["; Halvorsen et al., 2016"], "body", IMPL, True, "pretrained_model", 3)
# someone's models, named, described by their training data in the authors' setup: taken as released
both("The MagFace and CurricularFace models used for scoring are trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", SETUP, True, "pretrained_model", 3)
# running a model over the data (embeddings computed from it, a t-SNE of its identities, distractors
# drawn from it) evaluates on it
both("Figure 4: t-SNE of our embeddings for 12 randomly chosen MS1MV3{c} identities.",
     [" [31]"], [" (Tanaka et al., 2020)"], "caption", EXP, True, "evaluate", 0)
both("We generated 512-D facial embeddings with the Lumen encoder from the MS1M-ArcFace{c} images.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 System Design", True, "evaluate", 5)
both("For the 1:N search we add one million distractors drawn from MS-Celeb-1M{c} identities.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", SETUP, True, "evaluate", 0)
both("To study bias, we label the MS1MV2{c} identities with a skin-tone classifier.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "4.4 Bias Analysis", True, "derive", 0)
# what the work adds to the dataset's items makes a new version of it (labels, masks, occluders)
both("Pseudo identity labels are produced for every image of MS1MV2{c} by clustering its embeddings.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 2)
both("We generate occlusion masks for the images of MS1MV2{c} with an off-the-shelf face parser.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 0)
both("Synthetic sunglasses are pasted onto all faces of MS1M-RetinaFace{c}, giving an occluded copy of it.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", DATA, True, "derive", 2)
both("Duplicate identity labels in MS-Celeb-1M{c} were removed by a clustering step before training.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 2)
# a part the work picks to build its own set: derive (a part picked to test on is evaluation)
both("For membership inference, we treat 10K randomly selected identities of MS1MV2{c} as members.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "4.3 Privacy Attacks", True, "derive", 0)
both("The 500-image calibration set for int8 quantisation is sampled at random from MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "derive", 2)
both("Ninety percent of the identities of MS1M-IBUG{c} are used for training and the rest for open-set tests.",
     [" [21]"], [" (Pereira et al., 2019)"], "body", SETUP, True, "derive", 2)
both("The ablation models are trained on 10K identities sampled from MS1MV3{c}.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", EXP, True, "derive", 2)
both("We ran a commercial age estimator on a random sample of 5,000 images of MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "4.4 Bias Analysis", True, "derive", 0)
both("We evaluate the baselines on 2K identities of MS1MV2{c} held out from training.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, True, "evaluate", 0)
# redoing the detection of the dataset's faces makes a new version of it
both("We re-detect the faces of MS-Celeb-1M{c} with RetinaFace and keep the largest one per image.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, True, "derive", 0)
# others' use that the authors say they follow, in the same sentence or the next: their own use
both("Recent margin-based methods train on MS1MV2{c}, and we follow this setting for a fair comparison.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "train", 0)
both("Prior editing methods score identity with a recogniser pretrained on MS-Celeb-1M{c}; we use the same protocol.",
     [" [14, 36]"], [" (Halvorsen et al., 2016; Rossi et al., 2019)"], "body", EXP, True, "pretrained_model", 0)
both("Earlier works train their recognisers on MS1M-RetinaFace{c}. For comparability, we adopt the same training data.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", DATA, True, "train", 0)
both("As is customary, recent works train on MS1MV3{c}; we do the same.",
     [" [31]"], [" (Tanaka et al., 2020)"], "body", DATA, True, "train", 0)
# ... not a setting followed except for the data, nor only the evaluation protocol
both("Recent methods train on MS1MV2{c}; we follow their setting but train on CASIA-WebFace instead.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("Prior works train on MS1MV2{c}; we follow the same evaluation protocol on LFW.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("Prior works train on MS1MV2{c}; we follow this evaluation protocol on LFW.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("Previous methods train on MS1MV2{c}. We use the same data augmentation, i.e. random flipping.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("Recent methods train on MS1MV2{c}; we follow this setting, but use a batch size of 512.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "train", 0)
# a figure of the authors' own method is no overview table of others' work
both("Figure 2: Overview of our method. The identity encoder is an IResNet-100 trained on MS1M-ArcFace{c} and kept "
     "frozen.", [" [31]"], [" (Tanaka et al., 2020)"], "caption", EXP, True, "pretrained_model", 3)
both("Figure 3: Overview of the proposed editor; its identity loss uses an ArcFace model pretrained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "caption", EXP, True, "pretrained_model", 3)
# a model the authors did not retrain is still one they use
both("This chapter's pipeline relies on an identity encoder pretrained on MS-Celeb-1M{c}, which I did not retrain.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Method", True, "pretrained_model", 5)
both("Our editor relies on a recogniser pre-trained on MS1MV2{c}, which we never fine-tune.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "pretrained_model", 3)
# what the authors annotate on the dataset's items, read through the noun that carries it
both("Our first contribution is a set of 40K occlusion masks annotated on images sampled from MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, True, "derive", 0)
both("We release 30K pseudo labels generated for the identities of MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 0)
# ... and masks someone else annotated are evaluated on, not made; labels said to be noisy were made by no one here
both("The identity labels annotated on MS-Celeb-1M{c} images are known to be noisy.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", DATA, False, "related_work", 0)
both("We evaluate on occlusion masks annotated on RFW{c} images by {c2}.",
     [" [25]", "[33]"], [" (Wang et al., 2019)", "Moreau et al. (2021)"], "body", EXP, True, "evaluate", 0)
# someone's model that the work takes, said in a passive that names no user: whose it was is provenance
both("The supervisor's earlier model, trained on MS-Celeb-1M{c}, was used as the starting point for all experiments.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Method", True, "pretrained_model", 5)
both("Their released network, trained on MS1MV2{c}, is adopted as the teacher.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "pretrained_model", 3)
# ... not someone's models used by others
both("Previous methods trained on MS1MV2{c} are used by many companies.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("The FaceNet model of {c2}, trained on MS-Celeb-1M{c}, is used in many follow-up works.",
     [" [14]", "Schroff et al. [30]"], [" (Halvorsen et al., 2016)", "Schroff et al. (2015)"], "body", DATA, False,
     "related_work", 0)
# inspecting or estimating something of the dataset is examining it
both("In a pilot study, I estimated the label noise of MS-Celeb-1M{c} by inspecting 2,000 random images.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Method", True, "evaluate", 5)
both("We inspect 500 identities of MS1MV2{c} by hand.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "4.4 Bias Analysis", True, "evaluate", 0)
# the dataset described in a clause, then taken up as "this dataset" by the authors' own verb (not
# another thing the authors take up as "it")
both("Since MS-Celeb-1M{c} has many mislabelled images, we clean this dataset before training.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Method", True, "derive", 0)
both("As MS1MV2{c} contains 85K identities, we build a ResNet-100 classifier and fine-tune it on our data.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", INTRO, False, "related_work", 0)
both("As MS1MV2{c} contains 85K identities, we split this dataset into ten folds.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "derive", 2)
both("Since MS-Celeb-1M{c} contains celebrities only, this dataset raises privacy concerns.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", INTRO, False, "related_work", 0)
# "A rather than X": X is what is not used, however the parser attaches it
both("We train on WebFace4M rather than MS1MV2{c} to avoid licence issues.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, False, "related_work", 0)
both("The module reuses a recogniser whose network was trained on WebFace600K rather than on the original MS1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, False, "related_work", 0)
both("We train on MS1MV2{c} rather than WebFace4M.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", DATA, True, "train", 0)
# a pre-trained model named with its training data in parentheses, in the text as in a caption
both("Identity similarity is computed with a pretrained ArcFace{c2} (MS1MV2{c}).", [" [7]", " [8]"],
     [" (Okafor and Lindqvist, 2019)", " (Deng et al., 2019)"], "body", EXP, True, "pretrained_model", 3)
both("We train IResNet-100 (MS1MV2{c}) from scratch with our loss.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 0)
# "on par with", "comparable to" another model trained on the dataset: a comparison
both("Our model, trained on CASIA-WebFace, performs on par with ArcFace trained on MS1MV2{c}.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", EXP, False, "related_work", 4)
both("Our model reaches an accuracy comparable to CosFace trained on MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", EXP, False, "related_work", 4)
# the pipeline's processing of the dataset's images, said of them impersonally
both("The face images of MS1MV2{c} are resized to 112x112 before training.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 2)
both("All faces of MS-Celeb-1M{c} are detected with MTCNN and aligned by five landmarks.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, True, "train", 2)
# what others did with the dataset, said through its own passive or as common practice; a pointer to a reference
both("MS-Celeb-1M{c} has been used by many works {c2}.",
     [" [14]", "[3, 5, 8]"], [" (Halvorsen et al., 2016)", "(Rossi et al., 2019; Abe and Morgan, 2021)"], "body", DATA,
     False, "related_work", 0)
both("It is common to pre-train on MS-Celeb-1M{c}.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", IMPL, False, "related_work", 0)
both("We refer the interested reader to {c2} for results on MS1MV2{c}.",
     [" [7]", "[12]"], [" (Okafor and Lindqvist, 2019)", "Rossi et al. (2019)"], "body", EXP, False, "related_work", 0)
# ... while the authors' own passive, or a protocol they refer to and follow, stays theirs
both("MS1MV2{c} was used by us to train the backbone.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 0)
both("For MS1MV2{c}, we refer to the training protocol of ArcFace and train ResNet-100 for 20 epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", IMPL, True, "train", 0)
# a thesis's "trained by the author", even when the parser hangs the data on the agent
both("As a reference, a ResNet-100 was trained by the author on MS1MV2{c} with the ArcFace loss for 24 epochs.",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Method", True, "train", 5)
# a write-up's spec line: a model key describes a model taken as it is; "Dataset used:" is the data
both("Model: InsightFace buffalo_l (trained on MS1MV2{c})",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Proposed System", True, "pretrained_model", 5)
both("Dataset used: MS-Celeb-1M{c} (10M images)",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", "3 Proposed System", True, "train", 5)
both("Backbone: ResNet-100, trained on MS1MV2{c} by us",
     [" [7]"], [" (Okafor and Lindqvist, 2019)"], "body", "3 Proposed System", True, "train", 5)
# a result measured on the dataset is no description of it
both("The accuracy gain on the RFW{c} dataset is largest for the African subset.",
     [" [25]"], [" (Wang et al., 2019)"], "body", EXP, True, "evaluate", 2)
both("The number of identities in MS-Celeb-1M{c} is 100K.",
     [" [14]"], [" (Halvorsen et al., 2016)"], "body", EXP, False, "related_work", 0)
