"""nnhelpers: the tested code behind the neural-network-from-scratch course.

Every notebook imports what it runs from here (``import nnhelpers as nh``), so
the chapters stay readable and the code they rely on is tested once.

Shape convention, everywhere: X (n_features, m), Y (n_out, m), W (n_out, n_in),
b (n_out, 1), Z = W @ X + b, softmax over axis 0 (one column per sample).
"""
from nnhelpers import checks
from nnhelpers.activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from nnhelpers.gradients import gradient_check, numerical_gradient, relative_error
from nnhelpers.losses import binary_cross_entropy, cross_entropy, mse, mse_prime

# --- chapter 01-04: neurons and the toy network ---
# --- chapter 05: data, metrics, logistic regression ---
# --- chapter 06-07: one-hidden-layer networks and training ---
# --- chapter 08: deep networks ---
# --- plotting ---
